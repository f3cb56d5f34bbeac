using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Netra.Gateway.Tests;

/// <summary>The gateway in its embedded default, hosted in the test process, with a known token signing key.</summary>
public sealed class GatewayApplication : WebApplicationFactory<Program>
{
    /// <summary>The signing key the tests configure, so they can craft tokens of their own.</summary>
    public const string SigningKey = "netra-gateway-tests-signing-key-0123456789";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Netra:Postgres:ConnectionString", "");
        builder.UseSetting("Netra:Auth:SigningKey", SigningKey);
    }
}
