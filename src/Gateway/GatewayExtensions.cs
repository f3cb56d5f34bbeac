using Netra.Gateway.Cluster;
using Netra.Gateway.Health;
using Netra.Gateway.Http;
using Netra.Gateway.OpenApi;
using Netra.Gateway.Runs;
using Netra.Gateway.Threads;
using Netra.Gateway.Tools;
using Netra.Gateway.WebSockets;
using Netra.Grains.Workloads;

namespace Netra.Gateway;

/// <summary>The gateway's wiring, so Program.cs reads like a table of contents.</summary>
public static class GatewayExtensions
{
    /// <summary>Where the gateway listens when neither --urls nor ASPNETCORE_URLS says otherwise.</summary>
    public const string DefaultUrl = "http://localhost:8080";

    /// <summary>
    /// Adds the gateway: grain access (the embedded default, an in-process silo with Netra's grains and in-memory storage
    /// unless PostgreSQL is configured, or a client of a cluster of silos), problem details for errors, snake_case JSON,
    /// health checks, the OpenAPI document, the threads and runs services, workload analytics and the analysis tools'
    /// API, and the chat socket's.
    /// </summary>
    public static WebApplicationBuilder AddNetraGateway(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddNetraGrainAccess();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsDefaults.Customize);
        builder.Services.AddNetraHttpJson();
        builder.Services.AddNetraHealthChecks();
        builder.Services.AddNetraOpenApi();
        builder.Services.AddNetraThreads();
        builder.Services.AddNetraRuns();
        builder.AddNetraWorkloads(); // the embedded silo added it already; a cluster client needs it for ingestion
        builder.Services.AddNetraToolsApi();
        builder.AddNetraWebSockets();
        return builder;
    }

    /// <summary>Turns every unhandled exception and bare error status into RFC 7807 problem details.</summary>
    public static WebApplication UseNetraErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
