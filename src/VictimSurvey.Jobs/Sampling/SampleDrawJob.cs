using System.Diagnostics;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Sampling;

namespace VictimSurvey.Jobs.Sampling;

/// <summary>What to draw: the edition, the allocation, the seed, and whether an existing sample may be replaced.</summary>
public sealed record SampleDrawRequest(int EditionYear, AllocationRequest Allocation, int Seed, bool Replace = false);

public sealed record SampleDrawResult(
    int EditionYear, bool EditionCreated, IReadOnlyList<StratumAllocation> Allocation, TimeSpan Generation, TimeSpan Loading);

/// <summary>
/// Draws an edition's demo sample: creates the edition when absent (VRS coverage), allocates the size
/// between its departments over the APPROXIMATE adult populations (<see cref="ApproximateAdultPopulation"/>),
/// simulates the register draw (<see cref="DemoSampleGenerator"/>) and loads it by binary COPY in one
/// transaction with the draw's parameters. An existing sample is replaced only when asked.
/// </summary>
public sealed class SampleDrawJob(EditionStore editions, SampleStore samples, SampleLoader loader)
{
    public async Task<SampleDrawResult> RunAsync(SampleDrawRequest request, CancellationToken ct)
    {
        var existing = await editions.GetAsync(request.EditionYear, ct);
        if (existing is not null && !request.Replace && await samples.CountAsync(request.EditionYear, ct) > 0)
        {
            throw new SampleException($"edition {request.EditionYear} already has a sample; pass --replace to draw it again");
        }

        // Allocated and generated before anything is written, the edition included: an impossible request changes nothing.
        var departments = existing?.Departments ?? [.. ApproximateAdultPopulation.VrsCoverage];
        var allocation = StratifiedAllocation.Allocate(ApproximateAdultPopulation.For(departments), request.Allocation);
        var watch = Stopwatch.StartNew();
        var persons = DemoSampleGenerator.Generate(request.EditionYear - 1, allocation, request.Seed);
        var generation = watch.Elapsed;
        var (_, created) = await EditionDefaults.GetOrCreateAsync(editions, request.EditionYear, ct);

        var draw = new SampleDraw
        {
            AllocationMethod = request.Allocation.MethodName,
            SampleSize = request.Allocation.SampleSize,
            MinimumPerStratum = request.Allocation.Minimum,
            Power = request.Allocation.Method == AllocationMethod.Power ? request.Allocation.Power : null,
            Seed = request.Seed,
            Source = "demo draw (simulated register, approximate adult populations)",
        };
        var planned = allocation.Select(a => new PlannedStratum(a.Code, a.Population, a.Size)).ToList();
        watch.Restart();
        await loader.ReplaceSampleAsync(request.EditionYear, draw, planned, persons, ct);
        return new SampleDrawResult(request.EditionYear, created, allocation, generation, watch.Elapsed);
    }
}

/// <summary>The edition a sample command creates when it does not exist yet.</summary>
public static class EditionDefaults
{
    public static async Task<(Edition Edition, bool Created)> GetOrCreateAsync(EditionStore editions, int year, CancellationToken ct)
    {
        var existing = await editions.GetAsync(year, ct);
        if (existing is not null)
        {
            return (existing, false);
        }

        return (await editions.CreateAsync(new NewEdition(year, NewEdition.VrsPopulation, ApproximateAdultPopulation.VrsCoverage), ct), true);
    }
}
