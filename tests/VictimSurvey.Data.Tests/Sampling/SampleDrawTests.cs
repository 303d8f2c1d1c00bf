using VictimSurvey.Core.Editions;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Sampling;
using VictimSurvey.Jobs.Sampling;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Data.Tests.Sampling;

[Collection(DatabaseCollection.Name)]
public class SampleDrawTests(DatabaseFixture fixture)
{
    private SampleServices Services() => new(fixture.DataSource);

    [DatabaseFact]
    public async Task The_draw_loads_exactly_n_persons_and_design_weights_sum_to_each_department_population()
    {
        var year = TestYears.Next(fixture.DataSource);
        var request = new SampleDrawRequest(year, new AllocationRequest(AllocationMethod.MinimumPlusProportional, 50_000, 300), Seed: 5);

        var result = await Services().Draw.RunAsync(request, default);

        Assert.True(result.EditionCreated);
        Assert.Equal(50_000, await Services().Samples.CountAsync(year, default));
        var allocation = await Services().Samples.AllocationAsync(year, default);
        Assert.Equal(ApproximateAdultPopulation.VrsCoverage, allocation.Select(a => a.DepartmentCode));
        Assert.All(allocation, a =>
        {
            Assert.Equal(a.PlannedSize, a.DrawnSize);
            Assert.InRange(a.DrawnSize, 300, a.Population);
            Assert.Equal(ApproximateAdultPopulation.Departments.Single(d => d.Code == a.DepartmentCode).Population, a.Population);
            Assert.Equal(a.Population, a.DesignWeightSum, 1e-6 * a.Population);
        });
        var draw = await Services().Samples.GetDrawAsync(year, default);
        Assert.Equal(("min-proportional", 50_000, 300, (double?)null, 5), (draw!.AllocationMethod, draw.SampleSize, draw.MinimumPerStratum, draw.Power, draw.Seed));
    }

    [DatabaseFact]
    public async Task Drawing_again_needs_replace_and_then_swaps_the_whole_sample()
    {
        var year = TestYears.Next(fixture.DataSource);
        await Services().Draw.RunAsync(new SampleDrawRequest(year, new AllocationRequest(AllocationMethod.Proportional, 2_000), 1), default);

        await Assert.ThrowsAsync<SampleException>(() => Services().Draw.RunAsync(new SampleDrawRequest(year, new AllocationRequest(AllocationMethod.Proportional, 3_000), 1), default));
        Assert.Equal(2_000, await Services().Samples.CountAsync(year, default));

        await Services().Draw.RunAsync(new SampleDrawRequest(year, new AllocationRequest(AllocationMethod.Power, 3_000, 10, 0.5), 2, Replace: true), default);
        Assert.Equal(3_000, await Services().Samples.CountAsync(year, default));
        Assert.Equal("power", (await Services().Samples.GetDrawAsync(year, default))!.AllocationMethod);
    }

    [DatabaseFact]
    public async Task An_edition_in_the_field_keeps_its_sample()
    {
        var year = TestYears.Next(fixture.DataSource);
        await Services().Draw.RunAsync(new SampleDrawRequest(year, new AllocationRequest(AllocationMethod.Proportional, 1_000), 1), default);
        await Services().Editions.SetStatusAsync(year, EditionStatus.InField, default);

        var error = await Assert.ThrowsAsync<SampleException>(() =>
            Services().Draw.RunAsync(new SampleDrawRequest(year, new AllocationRequest(AllocationMethod.Proportional, 1_000), 2, Replace: true), default));

        Assert.Contains("in_field", error.Message, StringComparison.Ordinal);
        Assert.Equal(1_000, await Services().Samples.CountAsync(year, default));
    }

    [DatabaseFact]
    public async Task A_minimum_the_size_cannot_pay_for_fails_before_anything_is_written()
    {
        var year = TestYears.Next(fixture.DataSource);

        var error = await Assert.ThrowsAsync<SamplingException>(() =>
            Services().Draw.RunAsync(new SampleDrawRequest(year, new AllocationRequest(AllocationMethod.MinimumPlusProportional, 10_000, 200), 1), default));

        Assert.Contains("× 99 strata", error.Message, StringComparison.Ordinal);
        Assert.Null(await Services().Editions.GetAsync(year, default));
    }
}
