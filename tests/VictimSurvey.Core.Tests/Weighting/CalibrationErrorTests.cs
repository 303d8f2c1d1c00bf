using VictimSurvey.Core.Weighting;

namespace VictimSurvey.Core.Tests.Weighting;

/// <summary>Each bad input gets its own clear error naming the culprit (issue: weighting engine, item 6).</summary>
public class CalibrationErrorTests
{
    private static string Row(int i) => $"data.csv, row {i + 2} (id P{i + 1})";

    [Fact]
    public void A_category_with_a_positive_total_and_no_respondent_is_named()
    {
        var units = SmallSample.Units();
        var (categorical, numeric) = SmallSample.Margins(units);
        var region = categorical[2];
        var totals = (double[])region.Totals.Clone();
        totals[0] -= 1234; // keep the margin's sum equal to the others
        var withEmpty = region with { Categories = [.. region.Categories, "Corsica"], Totals = [.. totals, 1234] };

        var error = Assert.Throws<WeightingException>(() =>
            CalibrationProblem.Create(units.Select(u => u.DesignWeight).ToArray(), [categorical[0], categorical[1], withEmpty], numeric));

        Assert.Contains("'region'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Corsica'", error.Message, StringComparison.Ordinal);
        Assert.Contains("no respondent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_respondent_value_absent_from_the_margins_is_named_with_its_row()
    {
        var values = new[] { "F", "M", "X", "F" };
        MarginRow[] margins = [new("sex", "F", 50, 2), new("sex", "M", 50, 3)];

        var error = Assert.Throws<WeightingException>(() =>
            MarginsBuilder.Build(4, name => name == "sex" ? values : null, margins, "margins.csv", Row));

        Assert.Contains("row 4 (id P3)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'X'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'sex'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Margins_of_two_variables_that_do_not_sum_to_the_same_total_are_named()
    {
        var units = SmallSample.Units();
        var (categorical, numeric) = SmallSample.Margins(units);
        var age = categorical[1] with { Totals = categorical[1].Totals.Select((t, k) => k == 0 ? t + 500 : t).ToArray() };

        var error = Assert.Throws<WeightingException>(() =>
            CalibrationProblem.Create(units.Select(u => u.DesignWeight).ToArray(), [categorical[0], age, categorical[2]], numeric));

        Assert.Contains("'sex' and 'age' do not sum to the same total", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Collinear_margins_are_named()
    {
        var units = SmallSample.Units();
        var (categorical, numeric) = SmallSample.Margins(units);
        var sexAgain = categorical[0] with { Name = "gender" };

        var error = Assert.Throws<WeightingException>(() =>
            CalibrationProblem.Create(units.Select(u => u.DesignWeight).ToArray(), [categorical[0], categorical[1], sexAgain], numeric));

        Assert.StartsWith("Collinear margins", error.Message, StringComparison.Ordinal);
        Assert.Contains("'gender'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'sex'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_margin_nested_in_a_crossed_margin_is_reported_as_collinear()
    {
        var units = SmallSample.Units();
        var (categorical, _) = SmallSample.Margins(units);
        var cells = SmallSample.Sexes.SelectMany(s => SmallSample.Ages.Select(a => s + ":" + a)).ToArray();
        var cellOfUnit = units.Select(u => Array.IndexOf(cells, u.Sex + ":" + u.Age)).ToArray();
        var cellTotals = cells.Select((_, k) => units.Where((_, i) => cellOfUnit[i] == k).Sum(u => u.DesignWeight)).ToArray();
        var scale = categorical[0].Totals.Sum() / cellTotals.Sum();
        var crossed = new CategoricalMargin("sex:age", cells, cellOfUnit, cellTotals.Select(t => t * scale).ToArray());

        var error = Assert.Throws<WeightingException>(() =>
            CalibrationProblem.Create(units.Select(u => u.DesignWeight).ToArray(), [crossed, categorical[0]], []));

        Assert.Contains("'sex:age'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'sex'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_linear_fit_needs_negative_g_no_bounds_are_suggested_from_it()
    {
        var problem = SmallSample.Problem(SmallSample.Units(), tilt: 0.97);
        var linear = Calibrator.Calibrate(problem, new CalibrationOptions(CalibrationMethod.Linear));
        Assert.True(linear.GDistribution.Min < 0, "test data should need negative g");

        var result = Calibrator.Calibrate(problem, new CalibrationOptions(CalibrationMethod.Truncated, new GBounds(0.5, 2)));

        Assert.False(result.Converged);
        Assert.Contains("negative for some units", result.Failure!, StringComparison.Ordinal);
        Assert.DoesNotContain("e.g. [", result.Failure!, StringComparison.Ordinal);
    }

    [Fact]
    public void Raking_stopped_by_the_iteration_limit_says_to_allow_more_iterations_not_bounds()
    {
        var problem = SmallSample.Problem(SmallSample.Units(), tilt: 0.4);

        var result = Calibrator.Calibrate(problem, new CalibrationOptions(CalibrationMethod.Raking, MaxIterations: 1));

        Assert.False(result.Converged);
        Assert.Contains("max_iterations", result.Failure!, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", result.Failure!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN, "missing")]
    [InlineData(0.0, "0")]
    [InlineData(-3.5, "-3.5")]
    public void Missing_zero_or_negative_design_weights_are_named_by_row(double bad, string shown)
    {
        var units = SmallSample.Units();
        var (categorical, numeric) = SmallSample.Margins(units);
        var d = units.Select(u => u.DesignWeight).ToArray();
        d[41] = bad;

        var error = Assert.Throws<WeightingException>(() => CalibrationProblem.Create(d, categorical, numeric, Row));

        Assert.Contains($"row 43 (id P42): {shown}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Infeasible_bounds_are_reported_with_the_range_reached_and_bounds_that_would_work()
    {
        var problem = SmallSample.Problem(SmallSample.Units(), tilt: 0.25);

        var result = Calibrator.Calibrate(problem, new CalibrationOptions(CalibrationMethod.Logit, new GBounds(0.95, 1.05)));

        Assert.False(result.Converged);
        Assert.Contains("With bounds [0.95, 1.05] the g-weights reached [", result.Failure, StringComparison.Ordinal);
        Assert.Contains("an unbounded linear calibration needs g in [", result.Failure, StringComparison.Ordinal);
        Assert.Contains("feasible, e.g. [", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_suggested_bounds_do_converge()
    {
        var problem = SmallSample.Problem(SmallSample.Units(), tilt: 0.25);
        var failed = Calibrator.Calibrate(problem, new CalibrationOptions(CalibrationMethod.Truncated, new GBounds(0.95, 1.05)));
        var failure = failed.Failure!;
        var suggestion = failure[(failure.LastIndexOf("e.g. [", StringComparison.Ordinal) + 6)..].TrimEnd('.', ']').Split(", ");
        var bounds = new GBounds(double.Parse(suggestion[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(suggestion[1], System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(Calibrator.Calibrate(problem, new CalibrationOptions(CalibrationMethod.Truncated, bounds)).Converged);
        Assert.True(Calibrator.Calibrate(problem, new CalibrationOptions(CalibrationMethod.Logit, bounds)).Converged);
    }

    [Theory]
    [InlineData("", "missing value")]
    [InlineData("two", "'two' is not a number")]
    public void A_missing_or_non_numeric_value_in_a_numeric_margin_column_is_named_by_row_and_column(string bad, string expected)
    {
        var values = new[] { "1", "2", bad, "4" };
        MarginRow[] margins = [new("household_size", "", 10, 2)];

        var error = Assert.Throws<WeightingException>(() =>
            MarginsBuilder.Build(4, name => name == "household_size" ? values : null, margins, "margins.csv", Row));

        Assert.Contains("row 4 (id P3), column 'household_size'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_value_in_a_categorical_margin_column_is_named_by_row_and_column()
    {
        var values = new[] { "F", "", "M" };
        MarginRow[] margins = [new("sex", "F", 50, 2), new("sex", "M", 50, 3)];

        var error = Assert.Throws<WeightingException>(() => MarginsBuilder.Build(3, _ => values, margins, "margins.csv", Row));

        Assert.Contains("row 3 (id P2), column 'sex': missing value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_margin_variable_that_is_not_a_data_column_is_named_with_its_margins_line()
    {
        MarginRow[] margins = [new("sex", "F", 50, 2), new("sex", "M", 50, 3), new("diploma", "none", 100, 4)];

        var error = Assert.Throws<WeightingException>(() =>
            MarginsBuilder.Build(1, name => name == "sex" ? ["F"] : null, margins, "margins.csv", Row));

        Assert.Contains("margins.csv, line 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("'diploma' is not a column", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CalibrationMethod.Logit)]
    [InlineData(CalibrationMethod.Truncated)]
    public void Bounded_methods_require_bounds_around_one(CalibrationMethod method)
    {
        var problem = SmallSample.Problem(SmallSample.Units());
        Assert.Contains("needs bounds", Assert.Throws<WeightingException>(() => Calibrator.Calibrate(problem, new CalibrationOptions(method))).Message, StringComparison.Ordinal);
        Assert.Contains("L < 1 < U", Assert.Throws<WeightingException>(() => Calibrator.Calibrate(problem, new CalibrationOptions(method, new GBounds(1.1, 2)))).Message, StringComparison.Ordinal);
    }
}
