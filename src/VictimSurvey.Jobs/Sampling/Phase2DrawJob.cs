using System.Globalization;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Data.Sampling;

namespace VictimSurvey.Jobs.Sampling;

/// <summary>The edition, the subsampling rate (the same in every stratum) and the seed of a phase-2 draw.</summary>
public sealed record Phase2DrawRequest(int EditionYear, double Rate, int Seed);

/// <summary>The phase-1 respondents the draw saw, how many it selected, in how many strata.</summary>
public sealed record Phase2DrawResult(int EditionYear, int Respondents, int Selected, int Strata);

/// <summary>
/// Draws the phase-2 subsample of an edition (the persons who receive the year's module): the
/// phase-1 respondents are the cases whose disposition is complete (1.1, <see cref="CompletedCaseStore"/>),
/// grouped by the sample's stratum; <see cref="Phase2Subsample.Draw"/> takes m_h = round(rate · r_h) of
/// each stratum without replacement (seeded), and <see cref="SampleLoader.ReplacePhase2Async"/> replaces
/// the edition's <c>sample_phase2</c> in one transaction, each person with π₂ = m_h / r_h. Refused, with
/// nothing changed, when the rate is not in (0, 1], the edition is unknown or has no respondent, or
/// module responses are already stored (a new subsample would leave them outside it).
/// Called by <c>victimsurvey sample phase2</c> and by the demo seed for the closed 2024 season.
/// </summary>
public sealed class Phase2DrawJob(EditionStore editions, CompletedCaseStore completedCases, ResponseStore responses, SampleLoader loader)
{
    /// <summary>The demo's rate: 40% of the respondents get the module.</summary>
    public const double DemoRate = 0.4;

    public async Task<Phase2DrawResult> RunAsync(Phase2DrawRequest request, CancellationToken ct)
    {
        if (!(request.Rate is > 0 and <= 1))
        {
            throw new SampleException(string.Create(CultureInfo.InvariantCulture, $"the phase-2 rate must be above 0 and at most 1 (got {request.Rate})"));
        }

        var edition = await editions.GetAsync(request.EditionYear, ct)
            ?? throw new SampleException($"edition {request.EditionYear} does not exist");
        if (edition.ModuleId is { } moduleId)
        {
            var stored = (await responses.CountsAsync(request.EditionYear, ct)).Where(c => c.QuestionnaireId == moduleId).Sum(c => c.Responses);
            if (stored > 0)
            {
                throw new SampleException(string.Create(CultureInfo.InvariantCulture,
                    $"edition {request.EditionYear} already has {stored} response(s) to its module {moduleId}: the phase-2 subsample cannot be drawn again"));
            }
        }

        var respondents = (await completedCases.CompletedAsync(edition.Id, ct)).Select(c => new Phase1Respondent(c.Id, c.Stratum)).ToList();
        if (respondents.Count == 0)
        {
            throw new SampleException($"edition {request.EditionYear} has no phase-1 respondent (no completed case): nothing to subsample");
        }

        var selected = Phase2Subsample.Draw(respondents, _ => request.Rate, request.Seed);
        await loader.ReplacePhase2Async(request.EditionYear, selected.Select(s => (s.PersonId, s.SubsamplingProbability)).ToList(), ct);
        return new Phase2DrawResult(request.EditionYear, respondents.Count, selected.Count, respondents.Select(r => r.Stratum).Distinct(StringComparer.Ordinal).Count());
    }
}
