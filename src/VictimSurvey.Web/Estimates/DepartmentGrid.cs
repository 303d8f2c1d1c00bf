using System.Globalization;

namespace VictimSurvey.Web.Estimates;

/// <summary>A department's square in the grid cartogram; insets (overseas departments) are drawn apart.</summary>
public sealed record GridCell(string Code, int Row, int Col, bool Inset);

/// <summary>
/// The grid cartogram of the departments, authored in Estimates/department-grid.csv (code,row,col,inset;
/// lines starting with # are comments), embedded in the assembly. Read once at start-up; a malformed file
/// stops the app with the line named.
/// </summary>
public sealed class DepartmentGrid
{
    public DepartmentGrid(string path, IReadOnlyList<string> lines)
    {
        var cells = new List<GridCell>();
        for (var k = 0; k < lines.Count; k++)
        {
            var line = lines[k].Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("code,", StringComparison.Ordinal))
            {
                continue;
            }

            var f = line.Split(',');
            if (f.Length != 4 || !int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var row)
                || !int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var col) || f[3] is not ("0" or "1"))
            {
                throw new InvalidOperationException($"{path}, line {k + 1}: expected code,row,col,inset (inset 0 or 1)");
            }

            cells.Add(new GridCell(f[0], row, col, f[3] == "1"));
        }

        Cells = cells;
    }

    public IReadOnlyList<GridCell> Cells { get; }

    public static DepartmentGrid Embedded()
    {
        using var stream = typeof(DepartmentGrid).Assembly.GetManifestResourceStream("department-grid.csv")
            ?? throw new InvalidOperationException("department-grid.csv is not embedded");
        using var reader = new StreamReader(stream);
        return new DepartmentGrid("department-grid.csv", reader.ReadToEnd().Split('\n'));
    }
}
