-- Back-office accounts: cookie sign-in with PBKDF2 hashes (ASP.NET Core PasswordHasher) and lockout.
create table account (
    id               bigint generated always as identity primary key,
    user_name        text        not null,
    display_name     text        not null,
    password_hash    text        not null,
    roles            text[]      not null check (cardinality(roles) > 0),
    is_active        boolean     not null default true,
    failed_attempts  integer     not null default 0 check (failed_attempts >= 0),
    locked_until     timestamptz,
    created_at       timestamptz not null default now(),
    last_sign_in_at  timestamptz
);

-- User names are compared without case: "Alice" and "alice" are one account.
create unique index account_user_name_key on account (lower(user_name));

-- Who did what, for the administrator (sign-ins, lockouts, account changes; later: approvals, exports).
create table audit_event (
    id          bigint generated always as identity primary key,
    at          timestamptz not null default now(),
    user_name   text        not null,
    action      text        not null,
    detail      text        not null default ''
);

create index audit_event_at_idx on audit_event (at desc);
