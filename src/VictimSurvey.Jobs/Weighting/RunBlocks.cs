using System.Buffers.Binary;

namespace VictimSurvey.Jobs.Weighting;

/// <summary>
/// Arrays of doubles as the bytes stored in weighting_run_chunk: IEEE 754 binary64, little-endian, in
/// the order given. Exact: what is read back is bit for bit what was computed.
/// </summary>
public static class RunBlocks
{
    public static byte[] Pack(IReadOnlyList<double[]> rows)
    {
        var width = rows.Count == 0 ? 0 : rows[0].Length;
        var bytes = new byte[rows.Count * width * sizeof(double)];
        for (var r = 0; r < rows.Count; r++)
        {
            for (var k = 0; k < width; k++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(((r * width) + k) * sizeof(double)), rows[r][k]);
            }
        }

        return bytes;
    }

    public static double[][] Unpack(byte[] bytes, int rows)
    {
        var width = rows == 0 ? 0 : bytes.Length / sizeof(double) / rows;
        if (rows * width * sizeof(double) != bytes.Length)
        {
            throw new InvalidDataException($"a block of {bytes.Length} bytes is not {rows} rows of doubles");
        }

        var result = new double[rows][];
        for (var r = 0; r < rows; r++)
        {
            result[r] = new double[width];
            for (var k = 0; k < width; k++)
            {
                result[r][k] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(((r * width) + k) * sizeof(double)));
            }
        }

        return result;
    }
}
