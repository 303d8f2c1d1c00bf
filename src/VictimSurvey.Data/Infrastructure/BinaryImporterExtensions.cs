using Npgsql;
using NpgsqlTypes;

namespace VictimSurvey.Data.Infrastructure;

/// <summary>What every binary COPY of the stores needs beside Npgsql's own writes.</summary>
internal static class BinaryImporterExtensions
{
    /// <summary>The value, or SQL NULL when there is none.</summary>
    public static Task WriteNullableAsync<T>(this NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, type, ct);
}
