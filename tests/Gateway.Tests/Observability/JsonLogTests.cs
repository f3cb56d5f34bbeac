using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Netra.Gateway.Tests.WebSockets;
using Netra.Runtime.Invocation;

namespace Netra.Gateway.Tests.Observability;

/// <summary>The JSON log lines: their fields, and the user and grain they name for the work of a request.</summary>
public sealed class JsonLogTests
{
    [Fact]
    public async Task A_line_carries_level_event_message_values_trace_and_user_at_the_top()
    {
        using var source = new ActivitySource("Netra.Tests.Logs");
        using var listener = ListenTo(source.Name);
        using var activity = source.StartActivity("request")!;
        var line = await LogOnAFlowAsync("alice", logger => logger.LogWarning(new EventId(2101, "Rejected"), "Token {Reason} after {Attempts} tries", "expired", 3));

        Assert.Equal("Warning", line.GetProperty("level").GetString());
        Assert.Equal("Netra.Tests", line.GetProperty("category").GetString());
        Assert.Equal(2101, line.GetProperty("event_id").GetInt32());
        Assert.Equal("Rejected", line.GetProperty("event_name").GetString());
        Assert.Equal("Token expired after 3 tries", line.GetProperty("message").GetString());
        Assert.Equal("expired", line.GetProperty("state").GetProperty("Reason").GetString());
        Assert.Equal(3, line.GetProperty("state").GetProperty("Attempts").GetInt32());
        Assert.Equal(activity.TraceId.ToHexString(), line.GetProperty("trace_id").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), line.GetProperty("span_id").GetString());
        Assert.Equal("alice", line.GetProperty("user_id").GetString());
        Assert.False(line.TryGetProperty("grain_type", out _)); // not inside a grain
        Assert.EndsWith("Z", line.GetProperty("timestamp").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_outside_any_request_names_no_user_and_keeps_its_scopes()
    {
        var recorder = new JsonLogRecorder();
        var logger = recorder.CreateLogger("Netra.Tests");

        await Task.Run(() =>
        {
            using (logger.BeginScope(new Dictionary<string, object?> { ["connection"] = "c-1" }))
            {
                logger.LogInformation("Connection {Id} closed", "c-1");
            }
        });

        var line = Assert.Single(recorder.Lines);
        Assert.False(line.TryGetProperty("user_id", out _));
        Assert.Equal("c-1", line.GetProperty("scopes")[0].GetProperty("connection").GetString());
    }

    [Fact]
    public async Task The_grains_of_a_run_log_the_user_who_started_it()
    {
        var recorder = new JsonLogRecorder();
        await using var gateway = new KestrelGateway(services: s => s.AddSingleton<ILoggerProvider>(recorder)
            .Configure<LoggerFilterOptions>(o => o.AddFilter<JsonLogRecorder>(null, LogLevel.Debug)));
        var user = GatewayClients.NewUserId();
        using var http = gateway.Authorized(await gateway.TokenAsync(user));
        var thread = (await (await http.PostAsJsonAsync("/api/threads", new { title = "logs" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var run = await (await http.PostAsJsonAsync($"/api/threads/{thread}/runs", new { message = "where does my money go?" })).Content.ReadFromJsonAsync<JsonElement>();
        await Eventually(async () => (await http.GetFromJsonAsync<JsonElement>($"/api/runs/{run.GetProperty("id").GetString()}")).GetProperty("status").GetString() == "completed");

        var grainLines = recorder.Lines.Where(l => l.TryGetProperty("grain_type", out _)).ToList();
        Assert.NotEmpty(grainLines);
        Assert.All(grainLines, l => Assert.Equal(user, l.GetProperty("user_id").GetString()));
        Assert.Contains(grainLines, l => l.GetProperty("grain_type").GetString() == "supervisor");
        Assert.Contains(grainLines, l => l.GetProperty("grain_type").GetString() == "tool");
        Assert.DoesNotContain(recorder.Lines, l => l.TryGetProperty("user_id", out var id) && id.GetString() != user);
    }

    private static async Task<JsonElement> LogOnAFlowAsync(string user, Action<ILogger> log)
    {
        var recorder = new JsonLogRecorder();
        await Task.Run(() =>
        {
            RequestContext.Set(RequestContext.UserIdKey, user);
            log(recorder.CreateLogger("Netra.Tests"));
        });
        return Assert.Single(recorder.Lines);
    }

    private static ActivityListener ListenTo(string name)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 400 && !await condition(); i++)
        {
            await Task.Delay(50);
        }
    }
}
