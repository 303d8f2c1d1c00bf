-- Responses: the collected questionnaires per mode (web system, paper scanning, telephone system),
-- their files, and the rows of those files put aside with their problems.
-- File formats, checks and idempotence: docs/methodology/fieldwork-data.md ("Responses").

-- One collection system's file, loaded once. The SHA-256 of the file's bytes is unique per edition
-- and the mode is NOT part of the key: the same bytes offered again as another mode are the same
-- file claimed twice (a mistake), not a second file, and are refused like any second import.
-- stored + quarantined = row_count.
create table response_file (
    id          bigint      generated always as identity primary key,
    edition_id  bigint      not null references edition (id) on delete cascade,
    mode        text        not null check (mode in ('web', 'paper', 'phone')),
    file_name   text        not null,
    format      text        not null check (format in ('csv', 'json')),
    sha256      text        not null check (sha256 ~ '^[0-9a-f]{64}$'),
    row_count   integer     not null check (row_count >= 0),
    stored      integer     not null default 0 check (stored >= 0),
    quarantined integer     not null default 0 check (quarantined >= 0),
    loaded_at   timestamptz not null default now(),
    loaded_by   text        not null,
    unique (edition_id, sha256)
);

-- One questionnaire answered by one case in one mode. answers holds the raw answers as captured
-- (question id -> text, the ResponseValidator's input: invariant culture, multiple choice codes
-- separated by ';'; questions not answered are absent), so that a questionnaire's derived variables
-- can be recomputed from them at any time. A web complete and a paper duplicate of the same case are
-- both kept (unique per mode): which one is used is the disposition's business (the first complete,
-- Core/Fieldwork/CaseDispositions). file_id is null for responses written without a file (the demo's
-- simulated answers). The foreign key to sample_person is kept: measured, it costs nothing next to the
-- jsonb. answers is compressed with lz4 rather than the default pglz: 130 answers (~3 kB) are always
-- TOASTed, and lz4 halved the COPY of 110,000 such responses (victimsurvey bench responses, 22 s ->
-- 12 s). lz4 needs a server built with it (Debian's and the official Docker image's are).
create table response (
    id                    bigint      generated always as identity primary key,
    edition_id            bigint      not null references edition (id) on delete cascade,
    case_id               bigint      not null references sample_person (id) on delete cascade,
    questionnaire_id      text        not null,
    questionnaire_version text        not null,
    mode                  text        not null check (mode in ('web', 'paper', 'phone')),
    started_at            timestamptz not null,
    completed_at          timestamptz not null,
    answers               jsonb       compression lz4 not null,
    file_id               bigint      references response_file (id) on delete cascade,
    check (completed_at >= started_at),
    unique (case_id, questionnaire_id, mode)
);

-- Counts by mode and questionnaire, and an edition's responses for the estimates.
create index response_edition_idx on response (edition_id, mode, questionnaire_id);
create index response_file_idx on response (file_id);

-- A row of a response file that was not stored, with every problem found (a jsonb array of
-- {"field": …, "message": …}). raw is the row as given (CSV: header -> text; JSON: the object), so
-- the back office can show what came in; case_reference is the case id as written, unknown or not.
-- line is the file's line where the row starts (CSV) or where its object starts (JSON).
create table response_quarantine (
    id             bigint  generated always as identity primary key,
    file_id        bigint  not null references response_file (id) on delete cascade,
    row_number     integer not null check (row_number > 0),
    line           integer not null check (line >= 0),
    case_reference text,
    raw            jsonb   not null,
    problems       jsonb   not null,
    unique (file_id, row_number)
);
