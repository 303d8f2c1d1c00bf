using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Variance;

/// <summary>
/// A stratified one-stage design with final weights, for variance by linearization; optionally with the
/// calibration that produced the weights.
/// </summary>
/// <remarks>
/// For a linearized variable z (one value per unit), the contribution of unit i is x_i = w_i z_i; with
/// calibrated weights it is x_i = g_i d_i e_i where e = z − X B̂ and B̂ = (Σ d x x')⁻¹ Σ d x z is fitted with
/// the weights d calibration started from — the convention of R's survey package (Lumley; svyrecvar
/// with a calibrated design's <c>postStrata</c>). Then
/// V = Σ_h (1 − f_h) n_h/(n_h − 1) Σ_{i∈h} (x_i − x̄_h)², f_h = n_h/N_h when the stratum populations are
/// given (finite-population correction), else f_h = 0. Degrees of freedom: n − H.
/// A stratum with a single unit cannot give a variance: an <see cref="EstimationException"/> names it.
/// </remarks>
public sealed class LinearizationDesign
{
    private readonly Strata strata;

    public LinearizationDesign(double[] weights, IReadOnlyList<string> stratumOfUnit, IReadOnlyDictionary<string, double>? stratumPopulation = null, CalibrationProblem? calibration = null)
    {
        Weights = weights;
        strata = new Strata(stratumOfUnit, stratumPopulation, "responding unit");
        StratumLabels = strata.Labels;
        StratumOfUnit = strata.OfUnit;
        StratumSize = strata.Size;
        FpcFactor = strata.FpcFactor;

        Calibration = calibration;
        if (calibration is not null)
        {
            if (calibration.UnitCount != weights.Length)
            {
                throw new ArgumentException("The calibration is not over the same units as the weights.");
            }

            var p = calibration.ColumnCount;
            var gram = new double[p * p];
            CrossProducts.AddWeightedGram(calibration, calibration.DesignWeights, gram);
            CalibrationCholesky = Matrix<double>.Build.Dense(p, p, gram).Cholesky();
            CalibrationGramInverse = CalibrationCholesky.Solve(Matrix<double>.Build.DenseIdentity(p)).ToRowMajorArray();
        }
    }

    public double[] Weights { get; }

    /// <summary>Cholesky factor of Σ d x x' over the calibration columns (null without calibration).</summary>
    internal Cholesky<double>? CalibrationCholesky { get; }

    /// <summary>(Σ d x x')⁻¹, row-major p × p, for fitting many residuals at once (null without calibration).</summary>
    internal double[]? CalibrationGramInverse { get; }

    public CalibrationProblem? Calibration { get; }

    /// <summary>
    /// When set, variances add nonresponse as a second phase (<see cref="NonresponsePhase"/>) to the sampling
    /// of the whole sample; when null, the respondents are taken as the sample (R survey's convention for a
    /// design built on the nonresponse-adjusted weights).
    /// </summary>
    public NonresponsePhase? Nonresponse
    {
        get;
        init => field = value is null || value.RespondentCount == UnitCount
            ? value
            : throw new ArgumentException("The nonresponse phase is not over the same respondents as the design.");
    }

    public IReadOnlyList<string> StratumLabels { get; }

    internal int[] StratumOfUnit { get; }

    internal int[] StratumSize { get; }

    /// <summary>(1 − f_h) n_h/(n_h − 1) per stratum.</summary>
    internal double[] FpcFactor { get; }

    public int UnitCount => Weights.Length;

    /// <summary>n − H: the degrees of freedom of a stratified one-stage design.</summary>
    public int DegreesOfFreedom => UnitCount - StratumLabels.Count;

    /// <summary>Degrees of freedom of a domain: its units minus the strata they fall in (R: <c>degf</c> of the subset design).</summary>
    public int DomainDegreesOfFreedom(ReadOnlySpan<bool> domain)
    {
        var units = 0;
        var strata = new HashSet<int>();
        for (var i = 0; i < UnitCount; i++)
        {
            if (domain[i])
            {
                units++;
                strata.Add(StratumOfUnit[i]);
            }
        }

        return units - strata.Count;
    }

    /// <summary>The variance of an estimator whose linearized variable is <paramref name="z"/> (see the class remarks).</summary>
    public double Variance(ReadOnlySpan<double> z)
    {
        var n = UnitCount;
        var x = new double[n];
        if (Calibration is null)
        {
            for (var i = 0; i < n; i++)
            {
                x[i] = Weights[i] * z[i];
            }
        }
        else
        {
            Residualise(z, x);
        }

        if (Nonresponse is { } phase)
        {
            return phase.Variance(x).Total;
        }

        var sum = new double[StratumLabels.Count];
        var sumSquares = new double[StratumLabels.Count];
        for (var i = 0; i < n; i++)
        {
            var h = StratumOfUnit[i];
            sum[h] += x[i];
            sumSquares[h] += x[i] * x[i];
        }

        return strata.Variance(sum, sumSquares);
    }

    /// <summary>x_i = w_i e_i with e = z − X B̂, B̂ fitted with the calibration's starting weights d (w = d·g).</summary>
    private void Residualise(ReadOnlySpan<double> z, double[] x)
    {
        var problem = Calibration!;
        var d = problem.DesignWeights;
        var dz = new double[z.Length];
        for (var i = 0; i < z.Length; i++)
        {
            dz[i] = d[i] * z[i];
        }

        var xtdz = CrossProducts.Totals(problem, dz);
        var b = CalibrationCholesky!.Solve(Vector<double>.Build.DenseOfArray(xtdz)).ToArray();
        var fitted = new double[z.Length];
        CrossProducts.Project(problem, b, fitted);
        for (var i = 0; i < z.Length; i++)
        {
            x[i] = Weights[i] * (z[i] - fitted[i]);
        }

    }
}

/// <summary>An estimate that cannot be computed as asked; the message says which and why.</summary>
public sealed class EstimationException(string message) : Exception(message);
