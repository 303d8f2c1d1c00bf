-- Fieldwork: the season, the contact protocol, the communications it sends, and the case events
-- (contractor batches and the protocol's own "communication sent").
-- Method and file format: docs/methodology/fieldwork-data.md.

-- The collection season. Day 0 of the contact protocol is season_start; event times must fall in
-- [season_start, season_end] (dates in Europe/Paris). Null until the survey manager sets them.
alter table edition
    add column season_start date,
    add column season_end   date,
    add constraint edition_season_check check (season_end >= season_start);

-- The contact protocol: ordered steps per edition. target says which open cases a step reaches;
-- a 'close' step sends nothing (it ends the protocol), so it has no channel or template.
create table protocol_step (
    edition_id  bigint  not null references edition (id) on delete cascade,
    step_number integer not null check (step_number > 0),
    day_offset  integer not null check (day_offset >= 0),
    channel     text    check (channel in ('mail', 'email', 'sms', 'phone', 'paper', 'web', 'face_to_face')),
    target      text    not null check (target in ('open', 'open_with_phone', 'open_with_email', 'close')),
    template    text,
    primary key (edition_id, step_number),
    check ((target = 'close') = (channel is null)),
    check ((target = 'close') = (template is null))
);

-- One row per case reached by a step. unique (case_id, step_number) is what makes the protocol job
-- idempotent: it inserts with ON CONFLICT DO NOTHING, so retries, restarts and concurrent runs
-- never apply a step twice. No foreign key to protocol_step: editing the protocol later must not
-- rewrite the history of what was sent. batch_id groups the communications of one application of
-- a step (one print run for the mailing house).
create table communication (
    id          bigint      generated always as identity primary key,
    edition_id  bigint      not null references edition (id) on delete cascade,
    case_id     bigint      not null references sample_person (id) on delete cascade,
    step_number integer     not null,
    batch_id    uuid        not null,
    channel     text        not null,
    template    text        not null,
    sent_at     timestamptz not null,
    unique (case_id, step_number)
);

create index communication_batch_idx on communication (batch_id);

-- A contractor's event file, loaded whole. The SHA-256 of the file's bytes is unique per edition:
-- the same file is never loaded twice (a second import is refused, even when two run at once).
create table event_batch (
    id         bigint      generated always as identity primary key,
    edition_id bigint      not null references edition (id) on delete cascade,
    file_name  text        not null,
    sha256     text        not null check (sha256 ~ '^[0-9a-f]{64}$'),
    row_count  integer     not null check (row_count >= 0),
    loaded_at  timestamptz not null default now(),
    unique (edition_id, sha256)
);

-- What happened to a case (case_id = sample_person.id), when, by which mode, reported by whom.
-- batch_id is the contractor batch, null for events the system writes itself (the protocol's
-- communication_sent). No foreign keys and no check on type: a foreign key is checked row by row
-- and would make the binary COPY of a million events several times slower; EventBatchImport checks
-- every case, type and mode against the edition and the shared vocabulary (Core/Fieldwork/
-- CaseEventTypes) before the COPY, and the vocabulary can grow without a migration.
create table case_event (
    id         bigint      generated always as identity primary key,
    edition_id bigint      not null,
    case_id    bigint      not null,
    type       text        not null,
    at         timestamptz not null,
    mode       text        not null,
    source     text        not null,
    batch_id   bigint
);

-- Monitoring counts events of an edition by type and day; the protocol and the case state read a
-- case's events.
create index case_event_edition_type_at_idx on case_event (edition_id, type, at);
create index case_event_case_idx on case_event (case_id, type);
