using System.CommandLine;
using System.Globalization;
using VictimSurvey.Jobs.Questionnaires;

namespace VictimSurvey.Cli.Commands;

/// <summary>
/// <c>victimsurvey questionnaire check FILE.yaml</c> and
/// <c>victimsurvey questionnaire codebook FILE.yaml --out CODEBOOK.xlsx</c>. Errors go to stderr as
/// <c>file:line: message</c>, every one of them, with exit code 1.
/// </summary>
internal static class QuestionnaireCommands
{
    public static Command Create() => new("questionnaire", "Check questionnaires (YAML) and write their codebooks.")
    {
        Check(),
        Codebook(),
    };

    private static Command Check()
    {
        var file = new Argument<string>("file") { Description = "questionnaire (YAML), format in docs/methodology/questionnaires.md" };
        var command = new Command("check", "Read a questionnaire and report every error with its line, or a summary when it is valid.") { file };
        command.SetAction(parse =>
        {
            var result = QuestionnaireFile.Read(parse.GetValue(file)!);
            if (!Report(result))
            {
                return 1;
            }

            var q = result.Questionnaire!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{q.Id} version {q.Version} ({q.Label.Fr} / {q.Label.En}): {q.Modules.Count} module(s), {q.Questions.Count()} questions, {q.Derived.Count} derived variables. No error."));
            foreach (var module in q.Modules)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {module.Id}: {module.Questions.Count} questions"));
            }

            return 0;
        });
        return command;
    }

    private static Command Codebook()
    {
        var file = new Argument<string>("file") { Description = "questionnaire (YAML)" };
        var output = new Option<FileInfo>("--out") { Description = "codebook to write (.xlsx)", Required = true };
        var command = new Command("codebook", "Write the codebook of a valid questionnaire to Excel: questions with codes, ranges and filters; derived variables.") { file, output };
        command.SetAction(parse =>
        {
            var outPath = parse.GetValue(output)!.FullName;
            if (!outPath.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"error: {outPath}: the codebook is an .xlsx file.");
                return 1;
            }

            var result = QuestionnaireFile.Read(parse.GetValue(file)!);
            if (!Report(result))
            {
                Console.Error.WriteLine($"{outPath} was not written.");
                return 1;
            }

            try
            {
                QuestionnaireCodebook.Write(outPath, result.Questionnaire!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine("error: " + ex.Message);
                return 1;
            }

            Console.Error.WriteLine($"Codebook of {result.Questionnaire!.Id} written to {outPath}.");
            return 0;
        });
        return command;
    }

    /// <summary>Prints every error to stderr; true when there is none.</summary>
    private static bool Report(QuestionnaireFileResult result)
    {
        foreach (var error in result.Errors)
        {
            Console.Error.WriteLine(error);
        }

        if (result.Errors.Count > 0)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Errors.Count} error(s) in {result.File}."));
        }

        return result.Succeeded;
    }
}
