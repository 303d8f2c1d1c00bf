namespace VictimSurvey.Core.Weighting;

/// <summary>
/// Input that cannot be weighted as given: the message names the margin, category, unit or value at
/// fault, in words a statistician can act on. Thrown before any weight is computed.
/// </summary>
public sealed class WeightingException(string message) : Exception(message);
