using System.Text;
using Dapper;
using Npgsql;
using VictimSurvey.Core.Accounts;

namespace VictimSurvey.Data.Sampling;

/// <summary>
/// Reads of an edition's sample for the sample grid and the allocation chart. Two families of page
/// queries, split by name: <see cref="PagePseudonymisedAsync"/> (statisticians, and anyone else
/// allowed in the Sample section) never touches <c>sample_contact</c>;
/// <see cref="PageWithContactForSurveyManagerAsync"/> joins it and refuses callers without the
/// survey-manager role. Paging, sorting and filtering happen in SQL; the sort column comes from a
/// whitelist, never from the caller's text.
/// </summary>
public sealed class SampleStore(NpgsqlDataSource db)
{
    public const int MaxPageSize = 1000;

    /// <summary>Sort keys of the pseudonymised grid → SQL expressions.</summary>
    public static IReadOnlyDictionary<string, string> PseudonymisedSortKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["id"] = "p.pseudonymous_id",
        ["department"] = "p.department_code",
        ["stratum"] = "p.stratum",
        ["sex"] = "p.sex",
        ["ageGroup"] = "p.age_group",
        ["birthYear"] = "p.birth_year",
        ["diploma"] = "p.diploma",
        ["householdSize"] = "p.household_size",
        ["urbanAreaSize"] = "p.urban_area_size",
        ["inclusionProbability"] = "p.inclusion_probability",
        ["designWeight"] = "p.design_weight",
    };

    /// <summary>Sort keys of the survey manager's grid: the pseudonymised ones and the contact fields.</summary>
    public static IReadOnlyDictionary<string, string> ContactSortKeys { get; } = new Dictionary<string, string>(PseudonymisedSortKeys, StringComparer.Ordinal)
    {
        ["lastName"] = "c.last_name",
        ["firstName"] = "c.first_name",
        ["postalCode"] = "c.postal_code",
        ["city"] = "c.city",
    };

    private const string PersonColumns = """
        p.id, p.pseudonymous_id, p.stratum, p.department_code, p.sex, p.age_group, p.birth_year, p.diploma,
        p.household_size, p.urban_area_size, p.inclusion_probability, p.design_weight,
        exists (select 1 from sample_phase2 s2 where s2.person_id = p.id) as in_phase2
        """;

    /// <summary>A page of pseudonymised sample persons (no contact data). For every role allowed in the Sample section.</summary>
    public async Task<SamplePage<SamplePersonRow>> PagePseudonymisedAsync(SamplePageQuery query, CancellationToken ct)
    {
        var (where, parameters) = Filters(query);
        var order = OrderBy(query, PseudonymisedSortKeys);
        var sql = $"select {PersonColumns} from sample_person p where {where} order by {order} limit @limit offset @offset";
        var count = $"select count(*) from sample_person p where {where}";
        return await PageAsync<SamplePersonRow>(sql, count, parameters, ct);
    }

    /// <summary>
    /// A page of sample persons WITH their contact data (name, birth date, address, phone, e-mail),
    /// for the contact protocol. Only survey managers may see it: callers pass the signed-in user's
    /// roles, and anything else is refused before the database is asked.
    /// </summary>
    public async Task<SamplePage<SamplePersonWithContactRow>> PageWithContactForSurveyManagerAsync(
        SamplePageQuery query, IReadOnlyCollection<string> callerRoles, CancellationToken ct)
    {
        if (!callerRoles.Contains(Roles.SurveyManager, StringComparer.Ordinal))
        {
            throw new UnauthorizedAccessException("contact data of sample persons is for survey managers only");
        }

        var (where, parameters) = Filters(query);
        var order = OrderBy(query, ContactSortKeys);
        var sql = $"""
            select {PersonColumns},
                   c.last_name, c.first_name, c.birth_date, c.address_line, c.postal_code, c.city, c.phone, c.email
            from sample_person p
            join sample_contact c on c.person_id = p.id
            where {where}
            order by {order}
            limit @limit offset @offset
            """;
        var count = $"select count(*) from sample_person p where {where}";
        return await PageAsync<SamplePersonWithContactRow>(sql, count, parameters, ct);
    }

    /// <summary>Planned vs drawn size per department of the edition, with Σ design weights; departments in natural order.</summary>
    public async Task<IReadOnlyList<DepartmentAllocation>> AllocationAsync(int editionYear, CancellationToken ct)
    {
        const string sql = """
            with e as (select id from edition where year = @editionYear),
            drawn as (
                select p.department_code, count(*)::int as drawn_size, sum(p.design_weight) as design_weight_sum
                from sample_person p where p.edition_id = (select id from e)
                group by p.department_code)
            select d.code as department_code, d.name as department_name,
                   coalesce(a.population, 0) as population, coalesce(a.planned_size, 0) as planned_size,
                   coalesce(drawn.drawn_size, 0) as drawn_size, coalesce(drawn.design_weight_sum, 0) as design_weight_sum
            from department d
            left join sample_allocation a on a.department_code = d.code and a.edition_id = (select id from e)
            left join drawn on drawn.department_code = d.code
            where a.department_code is not null or drawn.department_code is not null
            order by d.sort_order
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<DepartmentAllocation>(new CommandDefinition(sql, new { editionYear }, cancellationToken: ct))).ToList();
    }

    /// <summary>The parameters the edition's sample was drawn (or imported) with; null when it has no sample.</summary>
    public async Task<SampleDraw?> GetDrawAsync(int editionYear, CancellationToken ct)
    {
        const string sql = """
            select s.allocation_method, s.sample_size, s.minimum_per_stratum, s.power, s.seed, s.source, s.drawn_at
            from sample_draw s join edition e on e.id = s.edition_id
            where e.year = @editionYear
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<SampleDraw>(new CommandDefinition(sql, new { editionYear }, cancellationToken: ct));
    }

    public async Task<long> CountAsync(int editionYear, CancellationToken ct)
    {
        const string sql = "select count(*) from sample_person p join edition e on e.id = p.edition_id where e.year = @editionYear";
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { editionYear }, cancellationToken: ct));
    }

    private async Task<SamplePage<T>> PageAsync<T>(string sql, string countSql, DynamicParameters parameters, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = (await conn.QueryAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: ct))).ToList();
        var total = await conn.ExecuteScalarAsync<long>(new CommandDefinition(countSql, parameters, cancellationToken: ct));
        return new SamplePage<T>(rows, total);
    }

    /// <summary>The WHERE clause from fixed fragments (values go in parameters), for the page and its count.</summary>
    private static (string Where, DynamicParameters Parameters) Filters(SamplePageQuery query)
    {
        if (query.PageSize is < 1 or > MaxPageSize)
        {
            throw new SampleException($"page size {query.PageSize} must be between 1 and {MaxPageSize}");
        }

        if (query.Page < 0)
        {
            throw new SampleException($"page {query.Page} must not be negative");
        }

        if (query.Phase is not (null or 1 or 2))
        {
            throw new SampleException($"phase {query.Phase} must be 1 or 2");
        }

        var parameters = new DynamicParameters();
        parameters.Add("editionYear", query.EditionYear);
        parameters.Add("limit", query.PageSize);
        parameters.Add("offset", (long)query.Page * query.PageSize);
        var where = new StringBuilder("p.edition_id = (select id from edition where year = @editionYear)");
        if (!string.IsNullOrEmpty(query.Department))
        {
            where.Append(" and p.department_code = @department");
            parameters.Add("department", query.Department);
        }

        if (!string.IsNullOrEmpty(query.Sex))
        {
            where.Append(" and p.sex = @sex");
            parameters.Add("sex", query.Sex);
        }

        if (!string.IsNullOrEmpty(query.AgeGroup))
        {
            where.Append(" and p.age_group = @ageGroup");
            parameters.Add("ageGroup", query.AgeGroup);
        }

        if (query.Phase == 2)
        {
            where.Append(" and exists (select 1 from sample_phase2 s2 where s2.person_id = p.id)");
        }

        return (where.ToString(), parameters);
    }

    /// <summary>ORDER BY from the whitelist, with the person id last so that pages never overlap or skip rows.</summary>
    private static string OrderBy(SamplePageQuery query, IReadOnlyDictionary<string, string> whitelist)
    {
        var direction = query.Descending ? "desc" : "asc";
        if (string.IsNullOrEmpty(query.SortBy))
        {
            return $"p.id {direction}";
        }

        if (!whitelist.TryGetValue(query.SortBy, out var expression))
        {
            throw new SampleException($"cannot sort by '{query.SortBy}': sortable columns are {string.Join(", ", whitelist.Keys)}");
        }

        return $"{expression} {direction}, p.id {direction}";
    }
}
