using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using VictimSurvey.Core.Questionnaires;
using VictimSurvey.Data.Editions;
using VictimSurvey.Data.Fieldwork;
using VictimSurvey.Jobs.Files;
using VictimSurvey.Jobs.Questionnaires;

namespace VictimSurvey.Jobs.Fieldwork;

/// <summary>What a response file import did: the file's id, the responses stored, the rows quarantined with their problems.</summary>
public sealed record ResponseImportResult(
    int EditionYear, string Mode, long FileId, string Format, int Rows, int Stored, IReadOnlyList<QuarantinedRow> Quarantined, TimeSpan Reading, TimeSpan Loading);

/// <summary>A response file refused as a whole (nothing was written); every problem is listed.</summary>
public sealed class ResponseImportException(string source, IReadOnlyList<ResponseRowProblem> problems)
    : Exception($"{source}: {string.Join("; ", problems.Take(20))}; nothing loaded")
{
    public string InputPath { get; } = source;

    public IReadOnlyList<ResponseRowProblem> Problems { get; } = problems;
}

/// <summary>
/// Imports a collection system's response file (web, paper scanning or telephone; CSV or JSON) into an
/// edition. Whole-file errors (no such edition, no season, no questionnaire attached or its file not
/// found, the file unreadable or already loaded, no rows) throw and write nothing. Every row is then
/// checked: the case is one of the edition's; the questionnaire is the edition's core questionnaire
/// or module at the attached version; a module response comes from the phase-2 subsample (when one
/// was drawn); the times parse, fall in the season and do not end before they start; the answers
/// pass the <see cref="ResponseValidator"/>; the case appears once per questionnaire in the file; and
/// (checked by the store under the edition's lock) it has no stored response to that questionnaire in
/// this mode yet. Valid rows are stored, the others quarantined with every problem, all in one
/// transaction (<see cref="ResponseStore.LoadFileAsync"/>). The same bytes a second time are refused
/// with nothing written.
/// </summary>
public sealed class ResponseFileImport(ProtocolStore protocol, EditionStore editions, CaseEventStore cases, ResponseStore responses, QuestionnaireLibrary library)
{
    public Task<ResponseImportResult> RunAsync(string path, int editionYear, string mode, CancellationToken ct) =>
        RunAsync(path, editionYear, mode, "cli:" + Environment.UserName, ct);

    public async Task<ResponseImportResult> RunAsync(string path, int editionYear, string mode, string loadedBy, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        if (!ResponseModes.IsKnown(mode))
        {
            throw FileError(path, $"unknown mode '{mode}' (one of {string.Join(", ", ResponseModes.All)})");
        }

        FieldworkEdition season;
        try
        {
            season = await protocol.GetEditionAsync(editionYear, ct);
        }
        catch (FieldworkException ex)
        {
            throw FileError(path, ex.Message);
        }

        if (season.SeasonStart is not { } start || season.SeasonEnd is not { } end)
        {
            throw FileError(path, $"edition {editionYear} has no season dates: set them first (victimsurvey fieldwork season --edition {editionYear} --start … --end …)");
        }

        var edition = await editions.GetAsync(editionYear, ct) ?? throw FileError(path, $"edition {editionYear} does not exist");
        var attached = new Dictionary<string, (string Version, bool IsModule)>(StringComparer.Ordinal);
        if (edition.CoreQuestionnaireId is { } coreId)
        {
            attached[coreId] = (edition.CoreQuestionnaireVersion!, false);
        }

        if (edition.ModuleId is { } moduleId)
        {
            attached[moduleId] = (edition.ModuleVersion!, true);
        }

        if (attached.Count == 0)
        {
            throw FileError(path, $"edition {editionYear} has no questionnaire attached (attach its core questionnaire and module on the Editions page first)");
        }

        var attachedText = string.Join(" or ", attached.Select(a => $"{a.Key} version {a.Value.Version}"));

        if (!File.Exists(path))
        {
            throw new InputFileException($"{path}: file not found.");
        }

        var sha256 = await Sha256Async(path, ct);
        if (await responses.FindFileAsync(season.Id, sha256, ct) is { } loaded)
        {
            throw AlreadyLoaded(path, loaded);
        }

        var content = ResponseFile.Read(path);
        if (content.Records.Count == 0)
        {
            throw new InputFileException($"{path}: no rows (a CSV needs rows after the header, a JSON array at least one object).");
        }

        var caseIds = await cases.CaseIdsAsync(season.Id, ct);
        var phase2 = await responses.Phase2CaseIdsAsync(season.Id, ct);
        var validators = new Dictionary<string, ResponseValidator>(StringComparer.Ordinal);
        ResponseValidator ValidatorFor(string id)
        {
            if (!validators.TryGetValue(id, out var validator))
            {
                var version = attached[id].Version;
                var questionnaire = library.All().Where(e => e.IsValid).Select(e => e.Questionnaire!)
                    .FirstOrDefault(q => q.Id == id && q.Version == version)
                    ?? throw FileError(path, $"questionnaire {id} version {version} of edition {editionYear} is not among the valid questionnaire files of {library.Folder}");
                validators[id] = validator = ResponseValidator.For(questionnaire);
            }

            return validator;
        }

        var seasonFrom = FieldworkClock.StartOf(start);
        var seasonTo = FieldworkClock.StartOf(end.AddDays(1));
        var seasonText = string.Create(CultureInfo.InvariantCulture, $"{start:yyyy-MM-dd} to {end:yyyy-MM-dd}");

        // The same case twice for one questionnaire in the file: every occurrence is quarantined (which one is right cannot be told).
        var occurrences = content.Records
            .Where(r => r.CaseId is not null && r.QuestionnaireId is not null)
            .GroupBy(r => (r.CaseId!, r.QuestionnaireId!))
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Row).ToList());

        // An answer's field is what the file calls it: the question's column in a CSV, answers.<question> in JSON.
        var answerField = content.Format == "json" ? ResponseFile.AnswersProperty + "." : "";
        var rows = new List<ResponseFileRow>(content.Records.Count);
        foreach (var record in content.Records)
        {
            var problems = new List<ResponseRowProblem>();
            void Problem(string field, string message) => problems.Add(new ResponseRowProblem(record.Row, record.Line, field, message));
            foreach (var (field, message) in record.ShapeProblems)
            {
                Problem(field, message);
            }

            long caseId = 0;
            if (record.CaseId is null)
            {
                Problem(ResponseFile.CaseId, "missing");
            }
            else if (!caseIds.TryGetValue(record.CaseId, out caseId))
            {
                Problem(ResponseFile.CaseId, $"unknown case '{record.CaseId}' in edition {editionYear}");
            }

            var questionnaireOk = false;
            var isModule = false;
            if (record.QuestionnaireId is null)
            {
                Problem(ResponseFile.QuestionnaireId, "missing");
            }
            else if (!attached.TryGetValue(record.QuestionnaireId, out var expected))
            {
                Problem(ResponseFile.QuestionnaireId, $"'{record.QuestionnaireId}' is not a questionnaire of edition {editionYear} ({attachedText})");
            }
            else if (record.QuestionnaireVersion is null)
            {
                Problem(ResponseFile.QuestionnaireVersion, "missing");
            }
            else if (record.QuestionnaireVersion != expected.Version)
            {
                Problem(ResponseFile.QuestionnaireVersion, $"version '{record.QuestionnaireVersion}' of {record.QuestionnaireId} is not the one edition {editionYear} uses ({expected.Version})");
            }
            else
            {
                questionnaireOk = true;
                isModule = expected.IsModule;
            }

            if (isModule && phase2.Count > 0 && caseId != 0 && !phase2.Contains(caseId))
            {
                Problem(ResponseFile.CaseId, $"case '{record.CaseId}' is not in the phase-2 subsample of edition {editionYear}, which alone receives the module {record.QuestionnaireId}");
            }

            var started = Time(ResponseFile.StartedAt, record.StartedAt);
            var completed = Time(ResponseFile.CompletedAt, record.CompletedAt);
            if (started is { } s && completed is { } c && c < s)
            {
                Problem(ResponseFile.CompletedAt, $"{record.CompletedAt} is before started_at {record.StartedAt}");
            }

            if (record.CaseId is not null && record.QuestionnaireId is not null && occurrences.TryGetValue((record.CaseId, record.QuestionnaireId), out var same))
            {
                Problem(ResponseFile.CaseId, $"case '{record.CaseId}' appears {same.Count} times for {record.QuestionnaireId} in this file (rows {string.Join(", ", same)}); none of them is stored");
            }

            if (questionnaireOk)
            {
                foreach (var problem in ValidatorFor(record.QuestionnaireId!).Check(record.Answers).Problems)
                {
                    Problem(answerField + problem.QuestionId, problem.Reason);
                }
            }

            var response = problems.Count == 0
                ? new NewResponse(caseId, record.QuestionnaireId!, record.QuestionnaireVersion!, mode, started!.Value, completed!.Value, record.Answers)
                : null;
            rows.Add(new ResponseFileRow(record.Row, record.Line, record.CaseId, record.RawJson, response, problems));

            DateTimeOffset? Time(string field, string? text)
            {
                if (text is null)
                {
                    Problem(field, "missing");
                    return null;
                }

                if (!EventCsv.TryParseTime(text, out var at))
                {
                    Problem(field, $"bad time '{text}' (expected ISO 8601 with an offset, e.g. 2025-03-12T14:05:00+01:00 or 2025-03-12T13:05:00Z)");
                    return null;
                }

                if (at < seasonFrom || at >= seasonTo)
                {
                    Problem(field, $"{text} is outside the season of edition {editionYear} ({seasonText})");
                    return null;
                }

                return at;
            }
        }

        var reading = watch.Elapsed;
        ResponseFileLoad load;
        try
        {
            load = await responses.LoadFileAsync(season.Id, mode, Path.GetFileName(path), content.Format, sha256, loadedBy, rows, ct);
        }
        catch (DuplicateResponseFileException ex)
        {
            throw ex.Existing is { } existing ? AlreadyLoaded(path, existing) : FileError(path, ex.Message + "; nothing to do");
        }

        return new ResponseImportResult(editionYear, mode, load.FileId, content.Format, rows.Count, load.Stored, load.Quarantined, reading, watch.Elapsed - reading);
    }

    private static ResponseImportException FileError(string path, string message) =>
        new(path, [new ResponseRowProblem(0, 0, "file", message)]);

    private static ResponseImportException AlreadyLoaded(string path, ResponseFileSummary loaded) =>
        FileError(path, string.Create(CultureInfo.InvariantCulture,
            $"already loaded as {loaded.Mode} response file {loaded.Id} ({loaded.FileName}, {loaded.Stored} stored, {loaded.Quarantined} quarantined, {loaded.LoadedAt.ToUniversalTime():yyyy-MM-dd HH:mm} UTC by {loaded.LoadedBy}); nothing to do"));

    private static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
