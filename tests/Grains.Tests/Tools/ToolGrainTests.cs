using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netra.Grains.Catalog;
using Netra.Grains.Tests.Support;
using Netra.Grains.Tools;
using Netra.Grains.Workloads;
using Netra.Grains.Workloads.Embedded;
using Netra.Runtime;
using Netra.Runtime.Testing;

namespace Netra.Grains.Tests.Tools;

/// <summary>One silo with Netra's grains and workload analytics over a store the test can seed.</summary>
public sealed class ToolClusterFixture : IAsyncLifetime
{
    public EmbeddedWorkloadStore Store { get; } = new(Options.Create(new WorkloadOptions()));

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        GrainTypeRegistry.RegisterAssembly(typeof(ToolGrain).Assembly);
        Cluster = await new TestClusterBuilder()
            .ConfigureSiloServices(services => services.AddSingleton<IWorkloadStore>(Store).AddNetraWorkloads(o => o.DemoData = false))
            .Build()
            .DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

public sealed class ToolGrainTests(ToolClusterFixture fixture) : IClassFixture<ToolClusterFixture>
{
    private IToolGrain Tools => fixture.Cluster.Client.GetGrain<IToolGrain>(IToolGrain.AnyKey);

    [Fact]
    public async Task The_tool_grain_runs_a_tool_on_the_calling_users_data_and_times_it()
    {
        var user = $"user-{Guid.NewGuid():N}";
        await fixture.Store.AppendAsync(user, [ModelCatalog.Default.Priced(Sample.At(0, input: 1_000_000, output: 0))], CancellationToken.None);

        var result = await Tools.RunAsync(new ToolInvocation(user, "cost_analyzer", "{}"), CancellationToken.None);

        Assert.Equal("cost_analyzer", result.Tool);
        Assert.False(result.InsufficientData);
        Assert.Contains("$0.15 over 1 requests", result.Summary); // 1M gpt-4o-mini input tokens at $0.15 per 1M
        Assert.True(result.DurationMs > 0);
    }

    [Fact]
    public async Task The_tool_grain_refuses_unknown_tools_and_bad_parameters_with_argument_exceptions()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Tools.RunAsync(new ToolInvocation("u", "nope", "{}"), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Tools.RunAsync(new ToolInvocation("u", "cost_analyzer", """{"top_end_users": 0}"""), CancellationToken.None));
    }

    [Fact]
    public async Task The_tool_grain_lists_every_tool_with_its_schema()
    {
        var tools = await Tools.ListAsync();

        Assert.Equal(ToolServiceCollectionExtensions.All.Select(t => t.Name), tools.Select(t => t.Name));
        Assert.All(tools, t => Assert.StartsWith("{", t.ParameterSchemaJson));
    }
}
