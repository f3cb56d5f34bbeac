using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Netra.Runtime.Cluster.Membership;
using Netra.Runtime.Hosting;
using Netra.Runtime.Placement;
using Npgsql;

namespace Netra.Benchmarks.CrossSilo;

/// <summary>
/// The child's side: <c>silo --pg &lt;connection string&gt; --cluster &lt;id&gt; --name &lt;name&gt;</c> hosts one clustered
/// silo (memory storage, membership in PostgreSQL, a free loopback port) and answers the parent's commands, one line
/// each way: commands on stdin, answers on stdout, diagnostics on stderr. It exits when stdin closes (the parent is
/// gone), on <c>quit</c>, or on Ctrl-C.
/// </summary>
internal static class SiloProcess
{
    public static async Task<int> RunAsync(string[] args)
    {
        var connectionString = Option(args, "--pg");
        var clusterId = Option(args, "--cluster");
        var name = Option(args, "--name");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace); // stdout is the protocol's
        builder.Services.Configure<SiloOptions>(o => o.Name = name);
        builder.Services.AddNetraSilo(silo =>
        {
            silo.AddMemoryGrainStorage();
            silo.UseCluster(_ => new PostgresMembershipTable(dataSource, clusterId), o =>
            {
                o.Port = 0;
                o.Membership.ClusterId = clusterId;
            });
        });

        using var host = builder.Build();
        await host.StartAsync();
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        Reply($"ready {host.Services.GetRequiredService<LocalSiloDetails>().Address}");

        var commands = new SiloCommands(host.Services);
        var stopped = Task.Delay(Timeout.Infinite, stopping);
        while (true)
        {
            var read = Console.In.ReadLineAsync();
            if (await Task.WhenAny(read, stopped) == stopped || await read is not { } line || line == "quit")
            {
                break;
            }

            try
            {
                Reply(await commands.RunAsync(line));
            }
            catch (Exception exception)
            {
                await Console.Error.WriteLineAsync($"{name}: '{line}' failed: {exception}");
                Reply($"error {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}");
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StopAsync(timeout.Token);
        return 0;
    }

    private static void Reply(string line) => Console.Out.WriteLine(line); // Console.Out flushes every write

    private static string Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length
            ? args[index + 1]
            : throw new ArgumentException($"Missing {name}. Usage: silo --pg <connection string> --cluster <id> --name <name>");
    }
}
