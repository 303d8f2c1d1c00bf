using System.Text;

namespace VictimSurvey.Jobs.Files;

/// <summary>A CSV file read whole: header, rows, and the line each row starts on (the header is line 1).</summary>
public sealed record CsvTable(string Source, IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows, int[] Lines)
{
    public int ColumnIndex(string name) => Header.ToList().IndexOf(name);
}

/// <summary>
/// RFC 4180 reader: comma-separated, fields optionally in double quotes (a quote inside is doubled),
/// quoted fields may hold commas and line breaks, CRLF or LF line ends, a UTF-8 byte order mark is
/// skipped. Every row must have as many fields as the header; a blank last line is ignored.
/// Errors name the file and line.
/// </summary>
public static class CsvReader
{
    public static CsvTable Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputFileException($"{path}: file not found.");
        }

        using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return Parse(path, reader);
    }

    public static CsvTable Parse(string source, TextReader reader)
    {
        var records = new List<(string[] Fields, int Line)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldStarted = false;
        var quotedField = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when !fieldStarted:
                    inQuotes = true;
                    quotedField = true;
                    fieldStarted = true;
                    break;
                case '"':
                    throw new InputFileException($"{source}, line {line}: a double quote inside an unquoted field (quote the whole field and double the quote).");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = quotedField = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = quotedField = false;
                    records.Add(([.. fields], recordLine));
                    fields.Clear();
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (quotedField)
                    {
                        throw new InputFileException($"{source}, line {line}: text after the closing quote of a field.");
                    }

                    field.Append(ch);
                    fieldStarted = true;
                    break;
            }
        }

        if (inQuotes)
        {
            throw new InputFileException($"{source}, line {recordLine}: a quoted field is not closed.");
        }

        if (fieldStarted || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add(([.. fields], recordLine));
        }

        // A blank line (one empty field) at the end, or anywhere, is not a row.
        records.RemoveAll(r => r.Fields is [""]);
        if (records.Count == 0)
        {
            throw new InputFileException($"{source}: empty file (a header line is expected).");
        }

        var header = records[0].Fields.Select(h => h.Trim()).ToArray();
        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InputFileException($"{source}, line 1: column '{duplicate.Key}' appears twice in the header.");
        }

        var rows = new List<string[]>(records.Count - 1);
        var lines = new int[records.Count - 1];
        for (var r = 1; r < records.Count; r++)
        {
            var (rowFields, rowLine) = records[r];
            if (rowFields.Length != header.Length)
            {
                throw new InputFileException($"{source}, line {rowLine}: {rowFields.Length} field(s) where the header has {header.Length}.");
            }

            rows.Add(rowFields);
            lines[r - 1] = rowLine;
        }

        return new CsvTable(source, header, rows, lines);
    }
}

/// <summary>A file that cannot be read as what it should be; the message names the file and line.</summary>
public sealed class InputFileException(string message) : Exception(message);
