using System.Numerics;
using System.Runtime.CompilerServices;

namespace VictimSurvey.Core.Variance;

/// <summary>
/// The element-wise updates of <see cref="StratumSums"/> over a block of contiguous columns, with vector
/// instructions. Each element gets exactly the operations of the scalar loop, in the same order and with the
/// same grouping (vectors run across columns, never across the terms of one sum; .NET does not fuse a
/// multiply and an add), so the results are the same to the last bit. Inlined and compiled optimised at once:
/// methods with loops are otherwise not inlined, and would run unoptimised code for the first few calls.
/// </summary>
internal static class BlockSums
{
    /// <summary>target += scale · source.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void AddScaled(double scale, ReadOnlySpan<double> source, Span<double> target)
    {
        var lanes = Vector<double>.Count;
        var s = new Vector<double>(scale);
        var c = 0;
        for (; c <= target.Length - lanes; c += lanes)
        {
            (new Vector<double>(target[c..]) + s * new Vector<double>(source[c..])).CopyTo(target[c..]);
        }

        for (; c < target.Length; c++)
        {
            target[c] += scale * source[c];
        }
    }

    /// <summary>With wz = w · z: sum += wz, squares += wz · wz.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void AddWeighted(double w, ReadOnlySpan<double> z, Span<double> sum, Span<double> squares)
    {
        var lanes = Vector<double>.Count;
        var wv = new Vector<double>(w);
        var c = 0;
        for (; c <= z.Length - lanes; c += lanes)
        {
            var wz = wv * new Vector<double>(z[c..]);
            (new Vector<double>(sum[c..]) + wz).CopyTo(sum[c..]);
            (new Vector<double>(squares[c..]) + wz * wz).CopyTo(squares[c..]);
        }

        for (; c < z.Length; c++)
        {
            var wz = w * z[c];
            sum[c] += wz;
            squares[c] += wz * wz;
        }
    }

    /// <summary>cross += w² · z · f (grouped as (w² · z) · f).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void AddCross(double w2, ReadOnlySpan<double> z, ReadOnlySpan<double> f, Span<double> cross)
    {
        var lanes = Vector<double>.Count;
        var wv = new Vector<double>(w2);
        var c = 0;
        for (; c <= z.Length - lanes; c += lanes)
        {
            (new Vector<double>(cross[c..]) + wv * new Vector<double>(z[c..]) * new Vector<double>(f[c..])).CopyTo(cross[c..]);
        }

        for (; c < z.Length; c++)
        {
            cross[c] += w2 * z[c] * f[c];
        }
    }

    /// <summary>A cell's dense part: sum −= Σw · f, squares += Σw² · f · f (grouped as (Σw² · f) · f).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void AddCell(double sumW, double sumW2, ReadOnlySpan<double> f, Span<double> sum, Span<double> squares)
    {
        var lanes = Vector<double>.Count;
        var w = new Vector<double>(sumW);
        var w2 = new Vector<double>(sumW2);
        var c = 0;
        for (; c <= f.Length - lanes; c += lanes)
        {
            var fv = new Vector<double>(f[c..]);
            (new Vector<double>(sum[c..]) - w * fv).CopyTo(sum[c..]);
            (new Vector<double>(squares[c..]) + w2 * fv * fv).CopyTo(squares[c..]);
        }

        for (; c < f.Length; c++)
        {
            sum[c] -= sumW * f[c];
            squares[c] += sumW2 * f[c] * f[c];
        }
    }

    /// <summary>
    /// target[k] = Σ_t coefficients[t] · rows[t · stride + k] for k in [first, last), the sum taken over t in
    /// order from 0 and skipping zero coefficients, exactly as adding one scaled row after another into a
    /// zeroed target would.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Combine(ReadOnlySpan<double> coefficients, double[] rows, int stride, int first, int last, Span<double> target)
    {
        var lanes = Vector<double>.Count;
        var k = first;
        for (; k <= last - lanes; k += lanes)
        {
            var sum = Vector<double>.Zero;
            for (var t = 0; t < coefficients.Length; t++)
            {
                var g = coefficients[t];
                if (g != 0)
                {
                    sum += new Vector<double>(g) * new Vector<double>(rows, t * stride + k);
                }
            }

            sum.CopyTo(target[k..]);
        }

        for (; k < last; k++)
        {
            var sum = 0.0;
            for (var t = 0; t < coefficients.Length; t++)
            {
                var g = coefficients[t];
                if (g != 0)
                {
                    sum += g * rows[t * stride + k];
                }
            }

            target[k] = sum;
        }
    }
}
