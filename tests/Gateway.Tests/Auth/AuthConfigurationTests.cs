using Microsoft.Extensions.Configuration;
using Netra.Gateway.Auth;

namespace Netra.Gateway.Tests.Auth;

public sealed class AuthConfigurationTests(GatewayApplication app) : IClassFixture<GatewayApplication>
{
    private const string Key = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Embedded_default_turns_dev_tokens_on_with_a_random_key_when_none_is_set()
    {
        var first = Settings();
        var second = Settings();

        Assert.True(first.DevTokens);
        Assert.True(first.SigningKeyGenerated);
        Assert.Equal(32, first.SigningKey!.Key.Length);
        Assert.NotEqual(first.SigningKey.Key, second.SigningKey!.Key);
        Assert.Equal(("netra", "netra", TimeSpan.FromHours(12)), (first.Issuer, first.Audience, first.DevTokenLifetime));
    }

    [Fact]
    public void Embedded_default_keeps_dev_tokens_off_when_configured_off()
    {
        Assert.False(Settings(("DevTokens", "false"), ("SigningKey", Key)).DevTokens);
    }

    [Fact]
    public void Cluster_mode_turns_dev_tokens_off_unless_configured_on()
    {
        Assert.False(Settings(("SigningKey", Key), ("Cluster", "true")).DevTokens);
        Assert.True(Settings(("SigningKey", Key), ("Cluster", "true"), ("DevTokens", "true")).DevTokens);
    }

    [Fact]
    public void Cluster_mode_with_dev_tokens_needs_a_shared_signing_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Settings(("Cluster", "true"), ("DevTokens", "true")));

        Assert.Contains("Netra:Auth:SigningKey", error.Message);
        Assert.Contains("cluster", error.Message);
    }

    [Fact]
    public void No_key_no_authority_and_no_dev_tokens_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Settings(("DevTokens", "false")));

        Assert.Contains("neither SigningKey nor Authority", error.Message);
    }

    [Fact]
    public void Short_signing_key_is_refused_without_quoting_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Settings(("SigningKey", "short-secret-key")));

        Assert.Contains("too short", error.Message);
        Assert.DoesNotContain("short-secret-key", error.Message);
    }

    [Fact]
    public void Base64_signing_key_is_decoded_and_must_hold_32_bytes()
    {
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        var settings = Settings(("SigningKey", "base64:" + Convert.ToBase64String(bytes)));

        Assert.Equal(bytes, settings.SigningKey!.Key);
        Assert.False(settings.SigningKeyGenerated);
        Assert.Throws<InvalidOperationException>(() => Settings(("SigningKey", "base64:" + Convert.ToBase64String(bytes[..31]))));
        Assert.Throws<InvalidOperationException>(() => Settings(("SigningKey", "base64:not base64!")));
    }

    [Fact]
    public void Authority_alone_is_enough_and_must_be_an_http_url()
    {
        var settings = Settings(("DevTokens", "false"), ("Authority", "https://login.example.com/"));

        Assert.Null(settings.SigningKey);
        Assert.Equal(new Uri("https://login.example.com/"), settings.Authority);
        Assert.Throws<InvalidOperationException>(() => Settings(("DevTokens", "false"), ("Authority", "login.example.com")));
    }

    [Fact]
    public void Gateway_refuses_to_start_when_no_token_could_ever_be_valid()
    {
        using var gateway = app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Netra:Auth:DevTokens", "false");
            builder.UseSetting("Netra:Auth:SigningKey", "");
        });

        var error = Record.Exception(() => gateway.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("neither SigningKey nor Authority", Messages(error));
    }

    private static string Messages(Exception? exception) =>
        exception is null ? "" : exception.Message + " " + Messages(exception.InnerException);

    private static AuthSettings Settings(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create<string, string?>(
                v.Key == "Cluster" ? "Netra:Cluster:Enabled" : $"Netra:Auth:{v.Key}", v.Value)))
            .Build();
        return AuthSettings.From(configuration);
    }
}
