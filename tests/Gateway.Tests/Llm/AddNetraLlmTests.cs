using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netra.Grains.Llm;

namespace Netra.Gateway.Tests.Llm;

/// <summary>How a host gets its <see cref="ILlmClient"/> from configuration.</summary>
public sealed class AddNetraLlmTests
{
    [Fact]
    public async Task Endpoint_and_model_select_the_model_client_and_anything_less_the_deterministic_one()
    {
        await using var model = LlmHarness.Create(("Endpoint", "http://127.0.0.1:9/v1"), ("Model", "gpt-4o-mini"));
        await using var endpointOnly = LlmHarness.Create(("Endpoint", "http://127.0.0.1:9/v1"));
        await using var nothing = LlmHarness.Create();

        Assert.True(model.Client.IsModel);
        Assert.False(endpointOnly.Client.IsModel);
        Assert.False(nothing.Client.IsModel);
    }

    [Fact]
    public async Task Settings_have_their_defaults_and_a_bare_timeout_is_seconds()
    {
        await using var defaults = LlmHarness.Create();
        await using var configured = LlmHarness.Create(("Timeout", "30"), ("MaxAttempts", "5"), ("CacheSize", "10"));

        var byDefault = defaults.Services.GetRequiredService<IOptions<LlmOptions>>().Value;
        var set = configured.Services.GetRequiredService<IOptions<LlmOptions>>().Value;

        Assert.Equal((TimeSpan.FromSeconds(60), 3), (byDefault.Timeout, byDefault.MaxAttempts));
        Assert.Equal((TimeSpan.FromSeconds(30), 5, 10), (set.Timeout, set.MaxAttempts, set.CacheSize));
    }

    [Fact]
    public async Task Unusable_setting_fails_with_a_message_that_names_it()
    {
        await using var llm = LlmHarness.Create(("Endpoint", "not a url"), ("Model", "gpt-4o-mini"));

        var error = Assert.Throws<InvalidOperationException>(() => llm.Client);

        Assert.Contains("Netra:Llm:Endpoint", error.Message);
    }

    [Fact]
    public void Resolving_the_client_without_a_usage_sink_fails_clearly()
    {
        using var services = new ServiceCollection().AddLogging().AddNetraLlm(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<ILlmClient>());

        Assert.Contains(nameof(ILlmUsageSink), error.Message);
    }
}
