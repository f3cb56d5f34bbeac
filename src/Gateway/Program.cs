using Netra.Gateway;
using Netra.Gateway.Auth;
using Netra.Gateway.Health;
using Netra.Gateway.Runs;
using Netra.Gateway.Threads;
using Netra.Gateway.Tools;
using Netra.Gateway.Web;
using Netra.Gateway.WebSockets;
using Netra.Gateway.Workloads;
using Netra.Observability;

var builder = WebApplication.CreateBuilder(args);
builder.AddNetraGateway();
builder.AddNetraAuth();
builder.AddNetraTelemetry("netra-gateway");

var app = builder.Build();
app.UseNetraErrors();
app.UseNetraWebPage(); // the page is public; /api and /ws stay protected
app.UseAuthentication();
app.UseNetraUserContext(); // logs and grain calls name the user
app.UseAuthorization();
app.MapHealthApi();
app.MapMetrics();
app.MapOpenApi();
app.MapAuthApi();
app.MapThreadsApi();
app.MapRunsApi();
app.MapWorkloadsApi();
app.MapToolsApi();
app.MapWebSocketApi();

app.Run();

/// <summary>The gateway's entry point; public so tests can host it.</summary>
public partial class Program;
