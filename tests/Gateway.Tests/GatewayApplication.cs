using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Netra.Gateway.Tests;

/// <summary>The gateway in its embedded default, hosted in the test process.</summary>
public sealed class GatewayApplication : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Netra:Postgres:ConnectionString", "");
    }
}
