using Dapper;
using Npgsql;
using NpgsqlTypes;
using VictimSurvey.Data.Infrastructure;
using VictimSurvey.Core.Editions;

namespace VictimSurvey.Data.Sampling;

/// <summary>
/// Writes an edition's sample: the whole phase-1 sample by binary COPY in one transaction (replacing
/// any earlier one, so a failure leaves the previous state untouched), and the phase-2 subsample.
/// </summary>
public sealed class SampleLoader(NpgsqlDataSource db)
{
    /// <summary>
    /// Replaces the sample of edition <paramref name="editionYear"/> (which must be planned) with
    /// <paramref name="persons"/>, stores the draw parameters and the planned allocation.
    /// Design weights are 1/π. Persons and contacts are written by binary COPY.
    /// </summary>
    public async Task ReplaceSampleAsync(int editionYear, SampleDraw draw, IReadOnlyList<PlannedStratum> allocation, IReadOnlyList<NewSamplePerson> persons, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var edition = await conn.QuerySingleOrDefaultAsync<EditionLock>(new CommandDefinition(
            "select id, status from edition where year = @editionYear for update", new { editionYear }, tx, cancellationToken: ct))
            ?? throw new SampleException($"edition {editionYear} does not exist");
        if (!EditionStatus.SampleMayChange(edition.Status))
        {
            throw new SampleException($"edition {editionYear} is '{edition.Status}': its sample can no longer change");
        }

        var editionId = edition.Id;
        await conn.ExecuteAsync(new CommandDefinition(
            """
            delete from sample_person where edition_id = @editionId;
            delete from sample_allocation where edition_id = @editionId;
            delete from sample_draw where edition_id = @editionId;
            """, new { editionId }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            """
            insert into sample_draw (edition_id, allocation_method, sample_size, minimum_per_stratum, power, seed, source)
            values (@editionId, @AllocationMethod, @SampleSize, @MinimumPerStratum, @Power, @Seed, @Source)
            """, new { editionId, draw.AllocationMethod, draw.SampleSize, draw.MinimumPerStratum, draw.Power, draw.Seed, draw.Source }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(
            """
            insert into sample_allocation (edition_id, department_code, population, planned_size)
            select @editionId, a.code, a.population, a.planned from unnest(@codes, @populations, @planned) as a(code, population, planned)
            """, new
            {
                editionId,
                codes = allocation.Select(a => a.DepartmentCode).ToArray(),
                populations = allocation.Select(a => a.Population).ToArray(),
                planned = allocation.Select(a => a.PlannedSize).ToArray(),
            }, tx, cancellationToken: ct));

        // In place of a row-by-row foreign key (see migration 0004): every department of the load is one the edition covers.
        var uncovered = (await conn.QueryAsync<string>(new CommandDefinition(
            """
            select c from unnest(@codes) as c
            where not exists (select 1 from edition_department ed where ed.edition_id = @editionId and ed.department_code = c)
            order by c
            """, new { editionId, codes = persons.Select(p => p.DepartmentCode).Distinct(StringComparer.Ordinal).ToArray() }, tx, cancellationToken: ct))).ToList();
        if (uncovered.Count > 0)
        {
            throw new SampleException($"department(s) {string.Join(", ", uncovered)} are not covered by edition {editionYear}");
        }

        // Ids are taken from the table's own sequence first, so that contacts can be copied with the
        // id of their person without reading the persons back.
        var ids = (await conn.QueryAsync<long>(new CommandDefinition(
            "select nextval(pg_get_serial_sequence('sample_person', 'id')) from generate_series(1, @count)",
            new { count = persons.Count }, tx, cancellationToken: ct))).ToArray();
        await CopyPersonsAsync(conn, editionId, persons, ids, ct);
        await CopyContactsAsync(conn, persons, ids, ct);
        await conn.ExecuteAsync(new CommandDefinition("update edition set updated_at = now() where id = @editionId", new { editionId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);

        // Fresh statistics and visibility map right away, instead of whenever autovacuum comes by: the
        // grid's first queries then get the index plans (and index-only counts) they are built for.
        await conn.ExecuteAsync(new CommandDefinition("vacuum (analyze) sample_person, sample_contact", cancellationToken: ct));
    }

    /// <summary>Replaces the phase-2 subsample of an edition (persons of its phase-1 sample) in one transaction.</summary>
    public async Task ReplacePhase2Async(int editionYear, IReadOnlyList<(long PersonId, double SubsamplingProbability)> selected, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var editionId = await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "select id from edition where year = @editionYear", new { editionYear }, tx, cancellationToken: ct))
            ?? throw new SampleException($"edition {editionYear} does not exist");
        await conn.ExecuteAsync(new CommandDefinition("delete from sample_phase2 where edition_id = @editionId", new { editionId }, tx, cancellationToken: ct));
        var inserted = await conn.ExecuteAsync(new CommandDefinition(
            """
            insert into sample_phase2 (person_id, edition_id, subsampling_probability)
            select s.person_id, p.edition_id, s.probability
            from unnest(@personIds, @probabilities) as s(person_id, probability)
            join sample_person p on p.id = s.person_id and p.edition_id = @editionId
            """, new
            {
                editionId,
                personIds = selected.Select(s => s.PersonId).ToArray(),
                probabilities = selected.Select(s => s.SubsamplingProbability).ToArray(),
            }, tx, cancellationToken: ct));
        if (inserted != selected.Count)
        {
            throw new SampleException($"{selected.Count - inserted} subsampled person(s) are not in the phase-1 sample of edition {editionYear}");
        }

        await tx.CommitAsync(ct);
    }

    private static async Task CopyPersonsAsync(NpgsqlConnection conn, long editionId, IReadOnlyList<NewSamplePerson> persons, long[] ids, CancellationToken ct)
    {
        await using var writer = await conn.BeginBinaryImportAsync(
            """
            copy sample_person (id, edition_id, pseudonymous_id, stratum, department_code, sex, age_group, birth_year,
                                diploma, household_size, urban_area_size, inclusion_probability, design_weight)
            from stdin (format binary)
            """, ct);
        for (var i = 0; i < persons.Count; i++)
        {
            var p = persons[i];
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(ids[i], NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(editionId, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(p.PseudonymousId, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(p.Stratum, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(p.DepartmentCode, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(p.Sex, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(p.AgeGroup, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(p.BirthYear, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(p.Diploma, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(p.HouseholdSize, NpgsqlDbType.Smallint, ct);
            await writer.WriteAsync(p.UrbanAreaSize, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(p.InclusionProbability, NpgsqlDbType.Double, ct);
            await writer.WriteAsync(1.0 / p.InclusionProbability, NpgsqlDbType.Double, ct);
        }

        await writer.CompleteAsync(ct);
    }

    private static async Task CopyContactsAsync(NpgsqlConnection conn, IReadOnlyList<NewSamplePerson> persons, long[] ids, CancellationToken ct)
    {
        await using var writer = await conn.BeginBinaryImportAsync(
            """
            copy sample_contact (person_id, last_name, first_name, birth_date, address_line, postal_code, city, phone, email)
            from stdin (format binary)
            """, ct);
        for (var i = 0; i < persons.Count; i++)
        {
            var c = persons[i].Contact;
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(ids[i], NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(c.LastName, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(c.FirstName, NpgsqlDbType.Text, ct);
            if (c.BirthDate is { } birthDate)
            {
                await writer.WriteAsync(birthDate, NpgsqlDbType.Date, ct);
            }
            else
            {
                await writer.WriteNullAsync(ct);
            }

            await writer.WriteAsync(c.AddressLine, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(c.PostalCode, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(c.City, NpgsqlDbType.Text, ct);
            await writer.WriteNullableAsync(c.Phone, NpgsqlDbType.Text, ct);
            await writer.WriteNullableAsync(c.Email, NpgsqlDbType.Text, ct);
        }

        await writer.CompleteAsync(ct);
    }


    private sealed record EditionLock
    {
        public long Id { get; init; }
        public string Status { get; init; } = "";
    }
}
