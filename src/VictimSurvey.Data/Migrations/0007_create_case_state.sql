-- The per-case summary the fieldwork monitoring reads instead of the events (docs/methodology/
-- fieldwork-data.md, "Case state"). Derived data: every column is computed from the case's events
-- by Data/Fieldwork/CaseStateStore.RefreshAsync with Core's CaseDispositions, never written by hand.
-- A sample person without a row has no event: open, 3.11, not contacted.

-- Cases whose events changed since their row was computed. Every writer of case_event inserts the
-- touched cases here in the same transaction as the events; the refresh deletes the marks it claims
-- in the same transaction as its upsert. Writers use ON CONFLICT DO UPDATE (not DO NOTHING) so that
-- they lock an existing mark until they commit: a refresh cannot then claim that mark and miss the
-- writer's events (it waits for the writer, then sees them).
create table case_state_dirty (
    edition_id bigint      not null,
    case_id    bigint      not null,
    marked_at  timestamptz not null default now(),
    primary key (edition_id, case_id)
);

create table case_state (
    case_id            bigint      primary key references sample_person (id) on delete cascade,
    edition_id         bigint      not null,
    disposition        text        not null,   -- AAPOR code, e.g. 1.1, 2.12, 3.19
    aapor_category     text        not null,   -- Core's AaporCategory: complete, partial, refusal, ...
    state              text        not null,   -- Core's CaseState: not_contacted, invited, ..., completed, refused, ineligible
    response_mode      text,                   -- web, paper, phone: the first complete's mode
    first_complete_at  timestamptz,
    decided_at         timestamptz,            -- time of the first event that decided the disposition (the ineligibility's, for 4.x)
    sent               boolean     not null,   -- the funnel: a communication went out
    reached            boolean     not null,   -- any sign of the person
    started            boolean     not null,   -- web login or partial, or any complete
    mail_undeliverable boolean     not null,
    email_bounced      boolean     not null,
    wrong_number       boolean     not null,
    appointment_at     timestamptz,            -- latest telephone appointment
    web_partial_at     timestamptz,            -- latest web partial
    events             integer     not null,
    last_event_type    text,
    last_event_at      timestamptz,
    refreshed_at       timestamptz not null default now()
);

create index case_state_edition_idx on case_state (edition_id);

-- The cases needing action: open cases with an appointment or a web partial (a few thousand rows).
create index case_state_action_idx on case_state (edition_id)
    where state not in ('completed', 'refused', 'ineligible') and (appointment_at is not null or web_partial_at is not null);

-- One row per edition refreshed at least once: the counter moves the change stamp the page polls.
create table case_state_refresh (
    edition_id   bigint      primary key,
    refreshes    bigint      not null,
    refreshed_at timestamptz not null
);
