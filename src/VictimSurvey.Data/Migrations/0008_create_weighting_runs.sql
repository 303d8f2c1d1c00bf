-- Weighting runs: an edition + a spec (+ its margin files) + a snapshot of the input, weighted by
-- background jobs that any job server may take, with their results. Method and life cycle:
-- docs/methodology/weighting-runs.md.

-- One run. status moves queued → running → succeeded | failed | cancelled and never back; stage and
-- the chunk counts are the progress the back office shows. A finished run is immutable (the trigger
-- below): only its approval may still change. spec_yaml is the spec as launched, so a run can always
-- be re-read and compared with another, whatever happened to the file since.
create table weighting_run (
    id                bigint      generated always as identity primary key,
    edition_id        bigint      not null references edition (id) on delete cascade,
    label             text        not null,
    spec_yaml         text        not null,
    status            text        not null default 'queued'
                                  check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    stage             text        not null default 'queued'
                                  check (stage in ('queued', 'snapshot', 'weighting', 'replicates', 'estimates', 'save', 'done')),
    replicates        integer     not null default 0 check (replicates >= 0),
    chunk_size        integer     not null default 0 check (chunk_size >= 0),
    chunks            integer     not null default 0 check (chunks >= 0),
    respondents       integer,
    failure           text,
    report            text,
    diagnostics       jsonb,
    created_by        text        not null,
    created_at        timestamptz not null default now(),
    started_at        timestamptz,
    finished_at       timestamptz,
    check ((status in ('succeeded', 'failed', 'cancelled')) = (finished_at is not null)),
    check ((status = 'failed') = (failure is not null))
);

create index weighting_run_edition_idx on weighting_run (edition_id, id desc);

-- The files a run was launched with, byte for byte: the margins the spec names and the input
-- snapshot (snapshot.csv, gzip-compressed: the sample with its frame variables, response status and
-- the derived indicators of the respondents). Exporting the snapshot gives the CSV on which
-- `victimsurvey estimate` reproduces the run.
create table weighting_run_file (
    run_id     bigint not null references weighting_run (id) on delete cascade,
    name       text   not null,
    gzip       boolean not null,
    content    bytea  not null,
    primary key (run_id, name)
);

-- A chunk of bootstrap replicates [first_replicate, first_replicate + replicate_count), written once
-- by whichever server computed it: the replicate point estimates (replicate-major, as float8 in
-- little-endian order) and the replicate weights (unit-major within the chunk: unit u's weights of the
-- chunk's replicates are contiguous). A chunk taken again after a server stopped writes the same bytes;
-- the insert does nothing when the chunk is in already.
create table weighting_run_chunk (
    run_id          bigint      not null references weighting_run (id) on delete cascade,
    chunk_number    integer     not null check (chunk_number >= 0),
    first_replicate integer     not null check (first_replicate >= 0),
    replicate_count integer     not null check (replicate_count > 0),
    estimates       bytea       not null,
    weights         bytea       not null,
    computed_by     text        not null,
    computed_at     timestamptz not null default now(),
    primary key (run_id, chunk_number)
);

-- The final weights of a succeeded run's respondents, in the weighting's order (unit_number).
create table weighting_run_weight (
    run_id             bigint           not null references weighting_run (id) on delete cascade,
    unit_number        integer          not null,
    unit_id            text             not null,
    weight             double precision not null,
    design_weight      double precision not null,
    nonresponse_weight double precision not null,
    g                  double precision not null,
    primary key (run_id, unit_number)
);

-- The published rows of a succeeded run (FileEstimation's CSV columns).
create table weighting_run_estimate (
    run_id          bigint           not null references weighting_run (id) on delete cascade,
    row_number      integer          not null,
    indicator       text             not null,
    label           text,
    domain_variable text             not null,
    domain          text             not null,
    estimate        double precision not null,
    se              double precision not null,
    ci_lower        double precision not null,
    ci_upper        double precision not null,
    cv              double precision,
    n               integer          not null,
    flag            text             not null,
    weighted_base   double precision not null,
    df              integer          not null,
    deff            double precision,
    primary key (run_id, row_number),
    unique (run_id, indicator, domain_variable, domain)
);

-- The edition's weights in force: one approved run at most, always a succeeded one (checked by the
-- store in the same transaction; a failed or cancelled later run never touches it).
alter table edition
    add column approved_run_id bigint references weighting_run (id),
    add column approved_at     timestamptz,
    add column approved_by     text;

-- Finished runs do not change: a retried or late job cannot rewrite results someone has read.
create function weighting_run_is_final() returns trigger language plpgsql as $$
begin
    if old.status in ('succeeded', 'failed', 'cancelled') then
        raise exception 'weighting run % is % and cannot change', old.id, old.status
            using errcode = 'check_violation';
    end if;
    return new;
end $$;

create trigger weighting_run_final
    before update on weighting_run
    for each row execute function weighting_run_is_final();
