using Netra.Grains.Hosting;
using Netra.Observability;
using Netra.Silo.Health;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(SiloHttp.Urls(builder.Configuration));
builder.AddNetraGrains();
builder.AddNetraTelemetry("netra-silo");
builder.Services.AddSiloHealthChecks();

var app = builder.Build();
app.MapNetraHealth();
app.MapMetrics();

await app.RunAsync();
