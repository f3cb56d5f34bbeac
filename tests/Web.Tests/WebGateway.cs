using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Netra.Grains.Agents;

namespace Netra.Web.Tests;

/// <summary>
/// The gateway as the embedded default runs it (in-process silo, in-memory storage, the demo workload, dev tokens),
/// on real Kestrel on a free loopback port, serving the page from <c>src/Gateway/wwwroot</c>. One per test class.
/// </summary>
public sealed class WebGateway : WebApplicationFactory<Program>
{
    public WebGateway()
    {
        UseKestrel(0);
        StartServer();
    }

    /// <summary>The gateway's base address, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Netra:Postgres:ConnectionString", "");
        builder.UseSetting("Netra:Auth:DevTokens", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Warning"); // the node output is what a failure needs
        builder.ConfigureTestServices(services => services.AddSingleton<IAgentHook, BrowserTestHook>());
    }
}
