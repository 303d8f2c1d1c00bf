namespace VictimSurvey.Core.Estimation;

public enum QualityFlag
{
    /// <summary>Publishable as it is.</summary>
    Ok,

    /// <summary>Publishable with a warning ("use with caution"): CV between the caution and the suppression thresholds.</summary>
    Caution,

    /// <summary>Not to be published: base under the minimum, or CV above the suppression threshold.</summary>
    Suppressed,
}

/// <summary>
/// When an estimate may be published. Default (Statistics Canada's practice, ../shared/PRODUCT.md):
/// an unweighted base under 30 → suppressed; CV over 33.3 % → suppressed; CV from 16.6 % to 33.3 % → caution.
/// A zero estimate has no CV: it is judged on its base only. An estimate or SE that is not a number is suppressed.
/// </summary>
public sealed record PublicationRule(int MinBase = 30, double CautionCv = 0.166, double SuppressCv = 0.333)
{
    public static PublicationRule Default { get; } = new();

    public QualityFlag Judge(Estimate estimate)
    {
        // No estimate or no measure of its precision (e.g. a ratio whose denominator vanished): nothing to publish.
        if (estimate.Base < MinBase || !double.IsFinite(estimate.Value) || !double.IsFinite(estimate.StandardError))
        {
            return QualityFlag.Suppressed;
        }

        var cv = estimate.CoefficientOfVariation;
        if (double.IsNaN(cv))
        {
            return QualityFlag.Ok;
        }

        return cv > SuppressCv ? QualityFlag.Suppressed : cv >= CautionCv ? QualityFlag.Caution : QualityFlag.Ok;
    }
}
