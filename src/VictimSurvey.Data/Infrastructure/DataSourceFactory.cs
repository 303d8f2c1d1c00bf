using Dapper;
using Npgsql;

namespace VictimSurvey.Data.Infrastructure;

/// <summary>
/// Builds the one <see cref="NpgsqlDataSource"/> an application holds, and sets Dapper's conventions
/// once for the process (snake_case columns to PascalCase members, UTC timestamps as DateTimeOffset).
/// </summary>
public static class DataSourceFactory
{
    private static int conventionsSet;

    public static NpgsqlDataSource Create(string connectionString)
    {
        SetDapperConventions();
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.ApplicationName ??= "victimsurvey";
        // Bulk steps run as one statement each (a protocol step over 200,000 cases, a case-state refresh, a
        // COPY of a million events): on a busy machine they outlast Npgsql's default of 30 s, and the demo
        // seed failed with "Exception while reading from stream". 10 minutes unless the connection string sets it.
        if (!connectionString.Contains("Command Timeout", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("CommandTimeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConnectionStringBuilder.CommandTimeout = 600;
        }

        return builder.Build();
    }

    public static void SetDapperConventions()
    {
        if (Interlocked.Exchange(ref conventionsSet, 1) == 1)
        {
            return;
        }

        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
    }

    /// <summary>
    /// Npgsql reads timestamptz as a UTC <see cref="DateTime"/> and writes only offset-zero
    /// <see cref="DateTimeOffset"/> values; this handler bridges Dapper to both directions.
    /// </summary>
    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset dto => dto,
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            _ => throw new InvalidCastException($"Cannot read {value.GetType().Name} as a timestamp with time zone."),
        };

        public override void SetValue(System.Data.IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.Value = value.ToUniversalTime();
        }
    }
}
