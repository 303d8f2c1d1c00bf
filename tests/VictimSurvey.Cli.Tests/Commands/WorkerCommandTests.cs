using System.Diagnostics;
using Dapper;
using Npgsql;
using VictimSurvey.Tests.Shared;

namespace VictimSurvey.Cli.Tests.Commands;

public class WorkerCommandTests
{
    [DatabaseFact]
    public async Task A_worker_joins_the_shared_job_storage_as_a_server_on_the_queues_asked_for()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var worker = Process.Start(CliRunner.StartInfo(database.ConnectionString, "worker", "--queue", "weighting", "--workers", "1"))!;
        // Drain the worker's output, or it blocks once the pipe is full.
        var errors = new System.Text.StringBuilder();
        worker.OutputDataReceived += (_, _) => { };
        worker.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } };
        worker.BeginOutputReadLine();
        worker.BeginErrorReadLine();
        try
        {
            string? serverData = null;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            await using var conn = new NpgsqlConnection(database.ConnectionString);
            while (serverData is null && DateTime.UtcNow < deadline && !worker.HasExited)
            {
                // Hangfire.PostgreSql keeps its servers in hangfire.server (created by the worker on start).
                if (await conn.ExecuteScalarAsync<bool>("select to_regclass('hangfire.server') is not null"))
                {
                    serverData = await conn.QueryFirstOrDefaultAsync<string>("select data from hangfire.server where id like 'worker:%'");
                }

                await Task.Delay(250);
            }

            Assert.False(worker.HasExited, "the worker exited: " + errors);
            Assert.NotNull(serverData);
            Assert.Contains("\"weighting\"", serverData, StringComparison.Ordinal);
            Assert.DoesNotContain("\"imports\"", serverData, StringComparison.Ordinal);
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task A_worker_refuses_an_unknown_queue()
    {
        var result = await CliRunner.RunAsync("Host=127.0.0.1;Database=unused", null, "worker", "--queue", "everything");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("everything", result.Error, StringComparison.Ordinal);
    }
}
