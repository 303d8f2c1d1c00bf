using System.Globalization;
using VictimSurvey.Core.Fieldwork;
using VictimSurvey.Core.Questionnaires;
using VictimSurvey.Core.Questionnaires.Expressions;
using VictimSurvey.Core.Sampling;
using VictimSurvey.Data.Fieldwork;

namespace VictimSurvey.Jobs.Fieldwork;

/// <summary>
/// A respondent as the answer simulation sees them: the frame variables (sample_person) and the mode
/// of the complete. <see cref="AgeGroup"/> is one of <see cref="PersonCategories.AgeGroups"/> (another
/// value: no age gradient). The optional frame variables make the household and socio-demographic
/// answers follow the frame (household size, diploma, dwelling type and cars by urban-area size).
/// </summary>
public sealed record AnswerPerson(string Sex, int BirthYear, string AgeGroup, string DepartmentCode, string Mode)
{
    public int? HouseholdSize { get; init; }
    public string? Diploma { get; init; }
    public string? UrbanAreaSize { get; init; }
}

/// <summary>
/// One simulated questionnaire, shaped like the response store's <c>NewResponse</c> (one line to convert).
/// <paramref name="Answers"/> holds only the questions answered: question id → text as captured.
/// </summary>
public sealed record SimulatedResponse(
    long CaseId,
    string QuestionnaireId,
    string QuestionnaireVersion,
    string Mode,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt,
    IReadOnlyDictionary<string, string?> Answers);

/// <summary>
/// Simulates the answers of respondents to a questionnaire (docs/methodology/fieldwork-data.md,
/// "Simulated answers"): questions are walked in asking order, each filter is evaluated over the
/// answers so far with <see cref="ExpressionEvaluator"/> (parsed once), and only routed questions are
/// answered — every required one, optional ones left blank at a rate by mode — with codes of the
/// question and numbers in its range, as <see cref="ResponseValidator"/> expects (invariant culture,
/// dates yyyy-MM-dd, multiple-choice codes joined by ';'). The answers to <c>sex</c>, <c>birth_year</c>
/// and <c>household_size</c> are the frame's. Offence families, opinions and the questions named in
/// <see cref="AnswerSimulationParameters"/> follow their parameters; any other question gets the
/// generic draw (uniform among codes, a plausible number in range).
/// <para>Deterministic: a case's answers depend only on the questionnaire, the parameters, the person,
/// the seed and the case id (each case has its own random stream, SplitMix64 seeded from the seed, the
/// questionnaire id and the case id, so a module's draws are not the core's),
/// not on the other cases or their order. An instance is not thread-safe; create one per thread.</para>
/// </summary>
public sealed class AnswerSimulator
{
    private const string Yes = "yes";
    private const string No = "no";

    private readonly Questionnaire _questionnaire;
    private readonly AnswerSimulationParameters _p;
    private readonly Step[] _steps;
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, double> _departmentFactors;
    private readonly double _departmentMean;
    private readonly Dictionary<string, double[]> _risk;
    private readonly object?[] _values;
    private readonly Func<string, object?> _valueOf;
    private readonly uint _stream;

    private AnswerSimulator(Questionnaire questionnaire, AnswerSimulationParameters parameters)
    {
        _questionnaire = questionnaire;
        _p = parameters;
        var questions = questionnaire.Questions.ToList();
        _index = questions.Select((q, i) => (q.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        _values = new object?[questions.Count];
        _stream = Fnv(questionnaire.Id);
        _valueOf = name => _index.TryGetValue(name, out var i) ? _values[i] : null;

        var population = parameters.ReferenceDepartments;
        _departmentFactors = population.ToDictionary(d => d.Code, d => RawDepartmentFactor(d.Code), StringComparer.Ordinal);
        _departmentMean = population.Sum(d => d.Population * _departmentFactors[d.Code]) / population.Sum(d => (double)d.Population);
        _risk = parameters.Risks.ToDictionary(r => r.Key, r => RiskTable(r.Value, parameters), StringComparer.Ordinal);
        _steps = questions.Select((q, i) => Compile(q, i)).ToArray();
    }

    /// <exception cref="ArgumentException">when the questionnaire breaks <see cref="QuestionnaireRules"/>, or an offence names an unknown risk profile.</exception>
    public static AnswerSimulator For(Questionnaire questionnaire, AnswerSimulationParameters? parameters = null)
    {
        var issues = QuestionnaireRules.Check(questionnaire);
        if (issues.Count > 0)
        {
            throw new ArgumentException($"questionnaire '{questionnaire.Id}' is not valid: " + string.Join("; ", issues.Select(i => i.Message)), nameof(questionnaire));
        }

        var p = parameters ?? new AnswerSimulationParameters();
        var unknown = p.Offences.Where(o => !p.Risks.ContainsKey(o.Value.Risk)).Select(o => o.Key).ToList();
        return unknown.Count > 0
            ? throw new ArgumentException($"offences with an unknown risk profile: {string.Join(", ", unknown)}", nameof(parameters))
            : new AnswerSimulator(questionnaire, p);
    }

    public Questionnaire Questionnaire => _questionnaire;

    /// <summary>
    /// The simulated responses of completed cases, in the order given: answers from <see cref="Generate"/>,
    /// the mode and completion time of the case, and the start: the web login of the session when known,
    /// else the completion minus an interview length (telephone 25–40 min, other modes 15–50 min); a
    /// paper questionnaire starts when it is received (the filling time is unknown).
    /// </summary>
    public IEnumerable<SimulatedResponse> ForCompletes(IEnumerable<CompletedCase> completes, int seed)
    {
        foreach (var c in completes)
        {
            var person = new AnswerPerson(c.Sex, c.BirthYear, c.AgeGroup, c.DepartmentCode, c.Mode)
            {
                HouseholdSize = c.HouseholdSize,
                Diploma = c.Diploma,
                UrbanAreaSize = c.UrbanAreaSize,
            };
            var answers = Generate(person, seed, c.Id);
            var r = new SplitMix(seed, c.Id, _stream ^ 0x5BD1E995u);
            var started = c.StartedAt is { } login && login <= c.CompletedAt ? login
                : c.Mode == FieldworkModes.Paper ? c.CompletedAt
                : c.CompletedAt.AddMinutes(-(c.Mode == FieldworkModes.Phone ? 25 + r.Int(16) : 15 + r.Int(36)));
            yield return new SimulatedResponse(c.Id, _questionnaire.Id, _questionnaire.Version, c.Mode, started, c.CompletedAt, answers);
        }
    }

    /// <summary>One person's raw answers (question id → text; only the questions answered).</summary>
    public Dictionary<string, string?> Generate(AnswerPerson person, int seed, long caseId)
    {
        Array.Clear(_values);
        var r = new SplitMix(seed, caseId, _stream);
        var ctx = new Context(person, this);
        var answers = new Dictionary<string, string?>(_steps.Length, StringComparer.Ordinal);
        foreach (var step in _steps)
        {
            if (step.Filter is not null && !ExpressionEvaluator.IsTrue(ExpressionEvaluator.Evaluate(step.Filter, _valueOf)))
            {
                continue;
            }

            if (!step.Question.Required && r.Double() < _p.OptionalBlankByMode.GetValueOrDefault(person.Mode, 0.05))
            {
                continue;
            }

            var (value, text) = step.Draw(ctx, ref r);
            _values[step.Index] = value;
            answers[step.Question.Id] = text;
        }

        return answers;
    }

    /// <summary>
    /// The probability that the person answers yes to the screener of <paramref name="offence"/> when
    /// routed to it: Prevalence × age-sex risk (normalised) × departmental factor (departmental
    /// offences) × telephone factor (by phone), at most 0.95.
    /// </summary>
    public double ScreenerProbability(string offence, AnswerPerson person)
    {
        var o = _p.Offences[offence];
        var age = IndexOf(PersonCategories.AgeGroups, person.AgeGroup);
        var sex = person.Sex == "F" ? 0 : person.Sex == "M" ? 1 : 2;
        var p = o.Prevalence * _risk[o.Risk][(age * 3) + sex]
            * (o.Departmental ? DepartmentFactor(person.DepartmentCode) : 1.0)
            * (person.Mode == FieldworkModes.Phone ? o.PhoneFactor : 1.0);
        return Math.Min(p, 0.95);
    }

    /// <summary>
    /// The planted departmental factor on victimisation prevalences: the named departments' factor, or
    /// 1 ± <see cref="AnswerSimulationParameters.DepartmentNoise"/> fixed by the code (an FNV-1a hash,
    /// stable across runs and machines), divided by the adult-population-weighted mean of all of them.
    /// </summary>
    public double DepartmentFactor(string code) =>
        (_departmentFactors.TryGetValue(code, out var f) ? f : RawDepartmentFactor(code)) / _departmentMean;

    private double RawDepartmentFactor(string code)
    {
        if (_p.DepartmentFactor.TryGetValue(code, out var planted))
        {
            return planted;
        }

        return 1 + (_p.DepartmentNoise * ((2.0 * (Fnv(code) % 10007) / 10006.0) - 1));
    }

    /// <summary>FNV-1a (32 bits) of a text: a hash fixed by its definition, unlike string.GetHashCode.</summary>
    private static uint Fnv(string text)
    {
        var h = 2166136261u;
        foreach (var ch in text)
        {
            h = unchecked((h ^ ch) * 16777619u);
        }

        return h;
    }

    /// <summary>rr_age × rr_sex / mean over the reference population, for ages 0..5 (5: unknown) × sex F, M, unknown.</summary>
    private static double[] RiskTable(RiskProfile risk, AnswerSimulationParameters p)
    {
        var groups = PersonCategories.AgeGroups.Count;
        double mean = 0, ageMean = 0;
        for (var a = 0; a < groups; a++)
        {
            var women = p.ReferenceWomenShares[a];
            mean += p.ReferenceAgeShares[a] * risk.ByAgeGroup[a] * ((women * risk.Women) + ((1 - women) * risk.Men));
            ageMean += p.ReferenceAgeShares[a] * risk.ByAgeGroup[a];
        }

        var sexMean = (risk.Women + risk.Men) / 2;
        var table = new double[(groups + 1) * 3];
        for (var a = 0; a <= groups; a++)
        {
            var age = a < groups ? risk.ByAgeGroup[a] : ageMean;
            table[(a * 3) + 0] = age * risk.Women / mean;
            table[(a * 3) + 1] = age * risk.Men / mean;
            table[(a * 3) + 2] = age * sexMean / mean;
        }

        return table;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return list.Count;
    }

    // ---- compilation: one drawing step per question ----

    private Step Compile(Question q, int index)
    {
        var filter = q.Filter is null ? null : ExpressionParser.Parse(q.Filter);
        var codes = q.Codes.Select(c => c.Value).ToArray();
        var hasYesNo = codes.Length == 2 && codes.Contains(Yes) && codes.Contains(No);

        switch (q.Id)
        {
            case "sex" when q.Type == QuestionType.SingleChoice:
                return new SexStep(q, index, filter, Generic(q, index, filter, codes));
            case "birth_year" when q.Type == QuestionType.Integer:
                return new FrameNumberStep(q, index, filter, ctx => ctx.Person.BirthYear, Generic(q, index, filter, codes));
            case "household_size" when q.Type == QuestionType.Integer:
                return new FrameNumberStep(q, index, filter, ctx => ctx.Person.HouseholdSize, Generic(q, index, filter, codes));
        }

        if (Offence(q.Id, "_screener") is { } screener && q.Type == QuestionType.SingleChoice && hasYesNo)
        {
            return new ScreenerStep(q, index, filter, screener);
        }

        if (Offence(q.Id, "_count") is { } counted && q.Type == QuestionType.Integer)
        {
            return new CountStep(q, index, filter, _p.Offences[counted].Repeat);
        }

        if (Offence(q.Id, "_last_report") is { } reported && q.Type == QuestionType.SingleChoice
            && codes.Contains("complaint") && codes.Contains("report_only") && codes.Contains("nothing") && codes.Length == 3)
        {
            var o = _p.Offences[reported];
            var by = o.ComplaintBy is { } c && _index.TryGetValue(c.QuestionId, out var i) && i < index ? (i, c.Rates) : ((int, IReadOnlyDictionary<string, double>)?)null;
            return new ReportStep(q, index, filter, o, by);
        }

        if (Offence(q.Id, "_why_no_complaint") is { } why && q.Type == QuestionType.MultipleChoice)
        {
            return new MultipleStep(q, index, filter, Probabilities(codes, _p.WhyNoComplaintByOffence.GetValueOrDefault(why) ?? _p.WhyNoComplaint), null);
        }

        if (_p.Choices.TryGetValue(q.Id, out var choice) && (q.Type == QuestionType.SingleChoice || q.Type == QuestionType.Integer))
        {
            var step = ChoiceStep.Create(q, index, filter, choice, codes);
            if (step is not null)
            {
                return step;
            }
        }

        if (_p.MultipleChoices.TryGetValue(q.Id, out var multiple) && q.Type == QuestionType.MultipleChoice)
        {
            return new MultipleStep(q, index, filter, Probabilities(codes, multiple.Probabilities), multiple.Exclusive is { } e && codes.Contains(e) ? e : null);
        }

        if (_p.Numbers.TryGetValue(q.Id, out var number) && QuestionTypes.IsNumeric(q.Type))
        {
            return new NumberStep(q, index, filter, number);
        }

        return Generic(q, index, filter, codes);

        string? Offence(string id, string suffix) =>
            id.EndsWith(suffix, StringComparison.Ordinal) && _p.Offences.ContainsKey(id[..^suffix.Length]) ? id[..^suffix.Length] : null;
    }

    private Step Generic(Question q, int index, Expr? filter, string[] codes) => q.Type switch
    {
        QuestionType.SingleChoice => new ChoiceStep(q, index, filter, [codes.Select(_ => 1.0 / codes.Length).ToArray()], codes, null),
        QuestionType.MultipleChoice => new MultipleStep(q, index, filter, codes.Select(c => (c, 0.3)).ToArray(), null),
        QuestionType.Integer or QuestionType.Decimal => new GenericNumberStep(q, index, filter),
        QuestionType.Date => new DateStep(q, index, filter, _p.DateYear),
        _ => new TextStep(q, index, filter),
    };

    private static (string Code, double P)[] Probabilities(string[] codes, IReadOnlyDictionary<string, double> probabilities)
    {
        var known = codes.Where(probabilities.ContainsKey).Select(c => (c, probabilities[c])).ToArray();
        return known.Length > 0 ? known : codes.Select(c => (c, 0.3)).ToArray();
    }

    /// <summary>Per-person values computed once: the person and the simulator's tables.</summary>
    private sealed class Context(AnswerPerson person, AnswerSimulator simulator)
    {
        public AnswerPerson Person { get; } = person;
        public AnswerSimulator Simulator { get; } = simulator;
        public object?[] Values => Simulator._values;
    }

    private abstract class Step(Question question, int index, Expr? filter)
    {
        public Question Question { get; } = question;
        public int Index { get; } = index;
        public Expr? Filter { get; } = filter;

        public abstract (object? Value, string Text) Draw(Context ctx, ref SplitMix r);
    }

    private sealed class SexStep(Question q, int index, Expr? filter, Step fallback) : Step(q, index, filter)
    {
        private readonly HashSet<string> _codes = q.Codes.Select(c => c.Value).ToHashSet(StringComparer.Ordinal);

        public override (object? Value, string Text) Draw(Context ctx, ref SplitMix r) =>
            _codes.Contains(ctx.Person.Sex) ? (ctx.Person.Sex, ctx.Person.Sex) : fallback.Draw(ctx, ref r);
    }

    /// <summary>A frame number (birth year, household size), clamped to the question's range; the generic draw when the frame has none.</summary>
    private sealed class FrameNumberStep(Question q, int index, Expr? filter, Func<Context, int?> frame, Step fallback) : Step(q, index, filter)
    {
        public override (object? Value, string Text) Draw(Context ctx, ref SplitMix r)
        {
            if (frame(ctx) is not { } value)
            {
                return fallback.Draw(ctx, ref r);
            }

            var clamped = Question.Range is { } range ? Math.Clamp(value, (long)range.Min, (long)range.Max) : value;
            return (Boxed(clamped), Text.Of(clamped));
        }
    }

    private sealed class ScreenerStep(Question q, int index, Expr? filter, string offence) : Step(q, index, filter)
    {
        public override (object? Value, string Text) Draw(Context ctx, ref SplitMix r) =>
            r.Double() < ctx.Simulator.ScreenerProbability(offence, ctx.Person) ? (Yes, Yes) : (No, No);
    }

    /// <summary>1 + a geometric number of further incidents, clamped to the range.</summary>
    private sealed class CountStep(Question q, int index, Expr? filter, double repeat) : Step(q, index, filter)
    {
        public override (object? Value, string Text) Draw(Context ctx, ref SplitMix r)
        {
            long count = 1;
            while (count < 99 && r.Double() < repeat)
            {
                count++;
            }

            if (Question.Range is { } range)
            {
                count = Math.Clamp(count, (long)range.Min, (long)range.Max);
            }

            return (Boxed(count), Text.Of(count));
        }
    }

    private sealed class ReportStep(Question q, int index, Expr? filter, OffenceParameters offence, (int Index, IReadOnlyDictionary<string, double> Rates)? by) : Step(q, index, filter)
    {
        public override (object? Value, string Text) Draw(Context ctx, ref SplitMix r)
        {
            var complaint = offence.Complaint;
            if (by is { } b && ctx.Values[b.Index] is string answer && b.Rates.TryGetValue(answer, out var rate))
            {
                complaint = rate;
            }

            var u = r.Double();
            var code = u < complaint ? "complaint" : u < complaint + ((1 - complaint) * offence.ReportOnly) ? "report_only" : "nothing";
            return (code, code);
        }
    }

    /// <summary>A categorical draw among codes (or integer values written as codes), with the overrides of <see cref="ChoiceParameters"/>.</summary>
    private sealed class ChoiceStep(Question q, int index, Expr? filter, double[][] cumulative, string[] codes, Func<AnswerPerson, int>? pick) : Step(q, index, filter)
    {
        private readonly object?[] _values = codes.Select(c => q.Type == QuestionType.Integer ? (object)double.Parse(c, CultureInfo.InvariantCulture) : c).ToArray();
        private readonly double[][] _cumulative = cumulative.Select(Cumulate).ToArray();

        public static ChoiceStep? Create(Question q, int index, Expr? filter, ChoiceParameters p, string[] questionCodes)
        {
            string[] codes;
            if (q.Type == QuestionType.Integer)
            {
                var all = p.Weights.Keys.Concat(p.ByUrbanArea.Values.SelectMany(w => w.Keys)).Concat(p.ByAgeGroup.Values.SelectMany(w => w.Keys))
                    .Concat(p.ByDiploma.Values.SelectMany(w => w.Keys)).Concat(p.BySex.Values.SelectMany(w => w.Keys)).Distinct().ToList();
                codes = all.Where(c => long.TryParse(c, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
                        && (q.Range is not { } range || (v >= range.Min && v <= range.Max)))
                    .ToArray();
            }
            else
            {
                codes = questionCodes;
            }

            double[] Weights(IReadOnlyDictionary<string, double> w) => codes.Select(c => w.GetValueOrDefault(c)).ToArray();
            var tables = new List<double[]> { Weights(p.Weights) };
            var keys = new Dictionary<(int Kind, string Key), int>();
            void Add(int kind, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> overrides)
            {
                foreach (var (key, w) in overrides)
                {
                    keys[(kind, key)] = tables.Count;
                    tables.Add(Weights(w));
                }
            }

            Add(0, p.ByUrbanArea);
            Add(1, p.ByAgeGroup);
            Add(2, p.ByDiploma);
            Add(3, p.BySex);
            if (codes.Length == 0 || tables.Any(t => t.Sum() <= 0))
            {
                return null; // the parameters do not fit this question: the generic draw
            }

            int Pick(AnswerPerson person) =>
                (person.UrbanAreaSize is { } u && keys.TryGetValue((0, u), out var k0)) ? k0
                : keys.TryGetValue((1, person.AgeGroup), out var k1) ? k1
                : (person.Diploma is { } d && keys.TryGetValue((2, d), out var k2)) ? k2
                : keys.TryGetValue((3, person.Sex), out var k3) ? k3
                : 0;
            return new ChoiceStep(q, index, filter, tables.ToArray(), codes, tables.Count > 1 ? Pick : null);
        }

        public override (object? Value, string Text) Draw(Context ctx, ref SplitMix r)
        {
            var table = _cumulative[pick?.Invoke(ctx.Person) ?? 0];
            var u = r.Double() * table[^1];
            var i = 0;
            while (i < table.Length - 1 && u >= table[i])
            {
                i++;
            }

            return (_values[i], codes[i]);
        }

        private static double[] Cumulate(double[] weights)
        {
            var sum = 0.0;
            return weights.Select(w => sum += Math.Max(w, 0)).ToArray();
        }
    }

    private sealed class MultipleStep(Question q, int index, Expr? filter, (string Code, double P)[] probabilities, string? exclusive) : Step(q, index, filter)
    {
        private readonly double _exclusive = exclusive is null ? 0 : probabilities.First(p => p.Code == exclusive).P;
        private readonly (string Code, double P)[] _others = probabilities.Where(p => p.Code != exclusive).ToArray();
        private readonly double _total = probabilities.Where(p => p.Code != exclusive).Sum(p => p.P);

        public override (object? Value, string Text) Draw(Context ctx, ref SplitMix r)
        {
            var chosen = new HashSet<string>(StringComparer.Ordinal);
            if (exclusive is not null && r.Double() < _exclusive)
            {
                chosen.Add(exclusive);
                return (chosen, exclusive);
            }

            foreach (var (code, p) in _others)
            {
                if (r.Double() < p)
                {
                    chosen.Add(code);
                }
            }

            if (chosen.Count == 0)
            {
                var u = r.Double() * _total;
                var pick = _others[^1].Code;
                foreach (var (code, p) in _others)
                {
                    if (u < p)
                    {
                        pick = code;
                        break;
                    }

                    u -= p;
                }

                chosen.Add(pick);
                return (chosen, pick);
            }

            // Codes in the question's order, joined by ';'.
            return (chosen, string.Join(';', _others.Where(o => chosen.Contains(o.Code)).Select(o => o.Code)));
        }
    }

    private sealed class NumberStep(Question q, int index, Expr? filter, NumberParameters p) : Step(q, index, filter)
    {
        public override (object? Value, string Text) Draw(Context ctx, ref SplitMix r)
        {
            var mean = ctx.Person.Sex switch { "F" => p.MeanWomen ?? p.Mean, "M" => p.MeanMen ?? p.Mean, _ => p.Mean };
            var z = r.Normal();
            var x = p.LogNormal ? mean * Math.Exp(p.Sd * z) : mean + (p.Sd * z);
            return Number(Question, x, Question.Type == QuestionType.Integer ? 0 : p.Decimals);
        }
    }

    /// <summary>
    /// A number without parameters: in a range of at most 20 values, uniform; in a count-like range
    /// (starting at 0 or 1), the lower bound plus a geometric draw of mean 1.5; otherwise uniform in
    /// the range (2 decimals for decimals). Without a range, a count from 0 (mean 1.5).
    /// </summary>
    private sealed class GenericNumberStep(Question q, int index, Expr? filter) : Step(q, index, filter)
    {
        public override (object? Value, string Text) Draw(Context ctx, ref SplitMix r)
        {
            var decimals = Question.Type == QuestionType.Integer ? 0 : 2;
            if (Question.Range is not { } range)
            {
                return Number(Question, Geometric(ref r), decimals);
            }

            if (Question.Type == QuestionType.Integer && range.Max - range.Min <= 20)
            {
                return Number(Question, range.Min + r.Int((int)(range.Max - range.Min) + 1), 0);
            }

            return range.Min is 0 or 1
                ? Number(Question, range.Min + Geometric(ref r), decimals)
                : Number(Question, range.Min + (r.Double() * (range.Max - range.Min)), decimals);
        }

        private static double Geometric(ref SplitMix r)
        {
            var n = 0;
            while (n < 1000 && r.Double() < 0.6)
            {
                n++;
            }

            return n;
        }
    }

    private sealed class DateStep(Question q, int index, Expr? filter, int year) : Step(q, index, filter)
    {
        public override (object? Value, string Text) Draw(Context ctx, ref SplitMix r)
        {
            var first = new DateOnly(year, 1, 1);
            var date = first.AddDays(r.Int(DateTime.IsLeapYear(year) ? 366 : 365));
            return (date, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
    }

    private sealed class TextStep(Question q, int index, Expr? filter) : Step(q, index, filter)
    {
        private const string Simulated = "simulated answer";

        public override (object? Value, string Text) Draw(Context ctx, ref SplitMix r) => (Simulated, Simulated);
    }

    /// <summary>Rounds to <paramref name="decimals"/>, clamps to the range (integers: whole bounds), writes invariant.</summary>
    private static (object? Value, string Text) Number(Question q, double x, int decimals)
    {
        var v = Math.Round(x, decimals, MidpointRounding.AwayFromZero);
        if (q.Range is { } range)
        {
            v = Math.Clamp(v, range.Min, range.Max);
        }

        if (q.Type == QuestionType.Integer)
        {
            var whole = (long)Math.Round(v);
            return (Boxed(whole), Text.Of(whole));
        }

        return (v, v.ToString("0.##########", CultureInfo.InvariantCulture));
    }

    private static readonly object[] SmallNumbers = Enumerable.Range(0, 2101).Select(i => (object)(double)i).ToArray();

    private static object Boxed(long value) => value is >= 0 and <= 2100 ? SmallNumbers[value] : (double)value;

    /// <summary>Integer texts, cached for 0..2100 (counts, years).</summary>
    private static class Text
    {
        private static readonly string[] Cache = Enumerable.Range(0, 2101).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

        public static string Of(long value) => value is >= 0 and <= 2100 ? Cache[value] : value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// SplitMix64 (Steele, Lea and Flood 2014): a small, fast generator with a fixed algorithm, so the
    /// same seed gives the same answers on every machine and runtime. One stream per (seed, questionnaire, case, purpose).
    /// </summary>
    private struct SplitMix(int seed, long caseId, uint stream)
    {
        private ulong _state = Mix(Mix(((ulong)(uint)seed << 32) ^ stream) ^ (ulong)caseId);

        public ulong Next()
        {
            _state += 0x9E3779B97F4A7C15UL;
            return Mix(_state);
        }

        /// <summary>Uniform in [0, 1).</summary>
        public double Double() => (Next() >> 11) * (1.0 / (1UL << 53));

        /// <summary>Uniform in 0..n−1.</summary>
        public int Int(int n) => (int)(Double() * n);

        /// <summary>Standard normal (Box–Muller).</summary>
        public double Normal() => Math.Sqrt(-2 * Math.Log(1 - Double())) * Math.Cos(2 * Math.PI * Double());

        private static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
