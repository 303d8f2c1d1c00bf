-- One edition per survey year. The reference year (the calendar year the victimisation questions
-- are about) is always the year before the edition's fieldwork, so it is computed, never typed.
create table edition (
    id                         bigint      generated always as identity primary key,
    year                       integer     not null unique check (year between 2000 and 2100),
    reference_year             integer     not null generated always as (year - 1) stored,
    population_definition      text        not null,
    core_questionnaire_id      text,
    core_questionnaire_version text,
    module_id                  text,
    module_version             text,
    weighting_spec_path        text,
    status                     text        not null default 'planned'
                                           check (status in ('planned', 'in_field', 'closed', 'weighted', 'published')),
    created_at                 timestamptz not null default now(),
    updated_at                 timestamptz not null default now(),
    -- An id without its version (or the reverse) cannot say which questionnaire was asked.
    check ((core_questionnaire_id is null) = (core_questionnaire_version is null)),
    check ((module_id is null) = (module_version is null))
);

-- The departments an edition covers (VRS: 99 of 101, Guyane and Mayotte not yet): a row per
-- department rather than an array, so that the foreign key keeps codes valid.
create table edition_department (
    edition_id      bigint not null references edition (id) on delete cascade,
    department_code text   not null references department (code),
    primary key (edition_id, department_code)
);
