using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using VictimSurvey.Core.Accounts;
using VictimSurvey.Data;
using VictimSurvey.Data.Accounts;

namespace VictimSurvey.Cli.Commands;

internal static class UserCommands
{
    public static Command Create()
    {
        var user = new Command("user", "Back-office accounts.");
        user.Add(Add());
        user.Add(List());
        user.Add(Unlock());
        return user;
    }

    private static Command Add()
    {
        var name = new Argument<string>("name") { Description = "user name (letters, digits, . - _ @)" };
        var roles = new Option<string[]>("--role", "-r")
        {
            Description = "role, repeatable: " + string.Join(", ", Roles.All),
            Required = true,
        };
        var displayName = new Option<string?>("--display-name") { Description = "name shown in the back office (default: the user name)" };
        var command = new Command("add", "Create an account. The password is read from standard input (first line), or asked for when it is a terminal.")
        {
            name, roles, displayName,
        };
        command.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            var password = ReadPassword();
            await using var provider = Provider(parse);
            var account = await provider.GetRequiredService<AccountStore>().CreateAsync(
                new NewAccount(parse.GetValue(name)!, parse.GetValue(displayName) ?? "", password, parse.GetValue(roles)!), "cli:" + Environment.UserName, ct);
            Console.WriteLine($"Created account '{account.UserName}' with role(s) {string.Join(", ", account.Roles)}.");
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the accounts with their roles and lock state.");
        command.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            await using var provider = Provider(parse);
            foreach (var a in await provider.GetRequiredService<AccountStore>().ListAsync(ct))
            {
                var locked = a.LockedUntil is { } until && until > DateTimeOffset.UtcNow
                    ? " locked until " + until.ToString("u", CultureInfo.InvariantCulture)
                    : "";
                Console.WriteLine($"{a.UserName,-20} {string.Join(",", a.Roles),-30}{(a.IsActive ? "" : " inactive")}{locked}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Unlock()
    {
        var name = new Argument<string>("name");
        var command = new Command("unlock", "Lift a lockout after repeated wrong passwords.") { name };
        command.SetAction((parse, ct) => CommonOptions.Guard(async () =>
        {
            await using var provider = Provider(parse);
            await provider.GetRequiredService<AccountStore>().UnlockAsync(parse.GetValue(name)!, "cli:" + Environment.UserName, ct);
            Console.WriteLine($"Unlocked '{parse.GetValue(name)}'.");
            return 0;
        }));
        return command;
    }

    private static ServiceProvider Provider(ParseResult parse) =>
        new ServiceCollection().AddVictimSurveyData(CommonOptions.ConnectionString(parse)).BuildServiceProvider();

    /// <summary>Never from the command line, where other users could read it in the process list.</summary>
    private static string ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() ?? throw new CliException("no password on standard input");
        }

        Console.Error.Write("Password: ");
        var chars = new List<char>();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (chars.Count > 0)
                {
                    chars.RemoveAt(chars.Count - 1);
                }
            }
            else
            {
                chars.Add(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return new string(chars.ToArray());
    }
}
