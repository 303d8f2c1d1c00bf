-- Releases: an edition's approved run, published at a date-time; before it, only the people on the
-- release's list see its figures (the rule lives in one place: Data/Releases/ReleaseStore).
create table release (
    id             bigint      generated always as identity primary key,
    edition_id     bigint      not null references edition (id) on delete cascade,
    -- the edition's approved run when the release was made (checked by the store in the same
    -- transaction); approving another run later does not change what was released
    run_id         bigint      not null references weighting_run (id),
    publication_at timestamptz not null,
    created_by     text        not null,
    created_at     timestamptz not null default now()
);

create index release_edition_idx on release (edition_id, publication_at desc);

-- Who may see a release before its publication (user names as the accounts spell them; compared
-- without case, like sign-in).
create table release_reader (
    release_id bigint not null references release (id) on delete cascade,
    user_name  text   not null,
    primary key (release_id, user_name)
);

create unique index release_reader_lower_key on release_reader (release_id, lower(user_name));
