using System.CommandLine;
using VictimSurvey.Cli.Commands;

// `victimsurvey`: the same jobs as the back office, called directly. Errors go to stderr with a non-zero exit code.
var root = new RootCommand("VictimSurvey: production system for national victimisation surveys.");
root.Add(CommonOptions.Database);
root.Add(DbCommands.Create());
root.Add(UserCommands.Create());
root.Add(DemoCommands.Create());
root.Add(SampleCommands.Create());
root.Add(WorkerCommand.Create());
root.Add(WeightCommand.Create());
root.Add(EstimateCommand.Create());
root.Add(QuestionnaireCommands.Create());
root.Add(FieldworkCommands.Create());
root.Add(RunCommands.Create());
root.Add(ReleaseCommands.Create());
root.Add(BenchCommand.Create());

return await root.Parse(args).InvokeAsync();
