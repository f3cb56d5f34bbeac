using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.DependencyInjection;

namespace Netra.Runtime.Generator.Tests;

/// <summary>Loads generated code and runs it: proxy to request to grain, and the grain class's registration.</summary>
public sealed class GeneratedCodeBehaviourTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        using Netra.Runtime;

        namespace Behaviour;

        public interface IEchoGrain : IGrainWithStringKey
        {
            Task<string> EchoAsync(string text, CancellationToken cancellationToken);

            Task TouchAsync(int times);

            ValueTask<int> AddAsync(int a, int b);

            ValueTask ResetAsync();

            [OneWay]
            Task FireAsync(string text);

            [AlwaysInterleave]
            [ResponseTimeout("00:00:02.500")]
            Task<string[]> HistoryAsync();
        }

        /// <summary>Stands in for the grain: the test invoker dispatches requests to it.</summary>
        public sealed class EchoTarget : IEchoGrain
        {
            private readonly List<string> _calls = new();

            public Task<string> EchoAsync(string text, CancellationToken cancellationToken) => Record("echo " + text, text + "!");

            public Task TouchAsync(int times) => Record("touch " + times, 0);

            public ValueTask<int> AddAsync(int a, int b) => new(Record("add", a + b));

            public async ValueTask ResetAsync()
            {
                await Task.Yield();
                _calls.Add("reset");
            }

            public Task FireAsync(string text) => Record("fire " + text, 0);

            public Task<string[]> HistoryAsync() => Task.FromResult(_calls.ToArray());

            private Task<T> Record<T>(string call, T result)
            {
                _calls.Add(call);
                return Task.FromResult(result);
            }
        }

        public static class Scenario
        {
            public static async Task<string> RunAsync(IEchoGrain echo, CancellationToken cancellationToken)
            {
                var echoed = await echo.EchoAsync("hi", cancellationToken);
                await echo.TouchAsync(3);
                var sum = await echo.AddAsync(2, 3);
                await echo.FireAsync("boom");
                await echo.ResetAsync();
                var history = await echo.HistoryAsync();
                return echoed + "|" + sum + "|" + string.Join(",", history);
            }
        }

        public sealed class EchoState
        {
            public int Count { get; set; }
        }

        [GrainType("generator-behaviour-echo")]
        [Reentrant]
        [StatelessWorker]
        [CollectionAgeLimit(1.5)]
        public sealed class EchoGrain(
            [PersistentState("echo", "memory")] IPersistentState<EchoState> state,
            ILogger<EchoGrain> logger) : Grain, IEchoGrain
        {
            public Task<string> EchoAsync(string text, CancellationToken cancellationToken)
            {
                logger.LogInformation("Echo {Text}", text);
                return Task.FromResult(text);
            }

            public Task TouchAsync(int times) => Task.CompletedTask;

            public ValueTask<int> AddAsync(int a, int b) => new(a + b + state.State.Count);

            public ValueTask ResetAsync() => default;

            public Task FireAsync(string text) => Task.CompletedTask;

            public Task<string[]> HistoryAsync() => Task.FromResult(new string[0]);
        }
        """;

    private static readonly Lazy<Assembly> s_assembly = new(LoadGeneratedAssembly);

    [Fact]
    public async Task Proxy_sends_requests_that_call_the_grain_method_with_the_arguments()
    {
        var assembly = s_assembly.Value;
        var target = Activator.CreateInstance(assembly.GetType("Behaviour.EchoTarget", throwOnError: true)!)!;
        var invoker = new DispatchingInvoker(target);
        var grainId = GrainId.Create("echo", "a");
        var proxy = (GrainReference)Activator.CreateInstance(
            assembly.GetType("Netra.Generated.Proxy_Behaviour_IEchoGrain", throwOnError: true)!,
            invoker,
            grainId)!;
        using var cancellation = new CancellationTokenSource();

        var run = assembly.GetType("Behaviour.Scenario", throwOnError: true)!.GetMethod("RunAsync")!;
        var result = await (Task<string>)run.Invoke(null, [proxy, cancellation.Token])!;

        Assert.Equal("hi!|5|echo hi,touch 3,add,fire boom,reset", result);
        Assert.Equal("Behaviour.IEchoGrain", proxy.InterfaceName);
        Assert.Equal(grainId, proxy.GrainId);
        Assert.All(invoker.Targets, t => Assert.Same(proxy, t));
        Assert.Equal(
            ["EchoAsync", "TouchAsync", "AddAsync", "FireAsync", "ResetAsync", "HistoryAsync"],
            invoker.Requests.Select(r => r.MethodName));
        Assert.All(invoker.Requests, r => Assert.Equal("Behaviour.IEchoGrain", r.InterfaceName));

        var echo = invoker.Requests[0];
        Assert.True(echo.HasCancellationToken);
        Assert.Equal(cancellation.Token, echo.CancellationToken);
        Assert.False(invoker.Requests[1].HasCancellationToken);

        var fire = invoker.Requests[3];
        Assert.True(fire.IsOneWay);
        Assert.Equal([false, false, false, true, false, false], invoker.Requests.Select(r => r.IsOneWay));
        Assert.Contains(fire, invoker.OneWay);

        var history = invoker.Requests[5];
        Assert.True(history.IsAlwaysInterleave);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), history.ResponseTimeout);
        Assert.Null(echo.ResponseTimeout);
    }

    [Fact]
    public void Module_initializer_registers_the_grain_class_and_its_factory_wires_state_and_services()
    {
        var assembly = s_assembly.Value;
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);

        Assert.True(GrainTypeRegistry.TryGetGrainClass("generator-behaviour-echo", out var metadata));
        Assert.Equal("Behaviour.EchoGrain", metadata.ClassType.FullName);
        Assert.Equal(["Behaviour.IEchoGrain"], metadata.Interfaces.Select(i => i.FullName));
        Assert.True(metadata.IsReentrant);
        Assert.Equal(0, metadata.StatelessWorkerMaxLocal);
        Assert.Equal(TimeSpan.FromMinutes(1.5), metadata.CollectionAge);

        using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var context = new RecordingContext(services);
        try
        {
            metadata.Factory(services, context);
        }
        catch (InvalidOperationException)
        {
            // Grain's constructor refuses to run outside an activation; the arguments were resolved before it ran.
        }

        Assert.Equal([("echo", "memory", "EchoState")], context.StatesRequested);
    }

    private static Assembly LoadGeneratedAssembly()
    {
        var run = GeneratorHarness.Run(Source);
        run.AssertCleanCompilation();
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        return new AssemblyLoadContext("generated-grains", isCollectible: true).LoadFromStream(image);
    }

    private sealed class DispatchingInvoker(object grain) : IGrainCallInvoker
    {
        public List<GrainRequest> Requests { get; } = [];

        public List<GrainRequest> OneWay { get; } = [];

        public List<GrainReference> Targets { get; } = [];

        public Task<TResult> InvokeAsync<TResult>(GrainReference target, GrainRequest<TResult> request)
        {
            Targets.Add(target);
            Requests.Add(request);
            return request.InvokeAsync(grain).AsTask();
        }

        public void InvokeOneWay(GrainReference target, GrainRequest<VoidResult> request)
        {
            Targets.Add(target);
            Requests.Add(request);
            OneWay.Add(request);
            request.InvokeAsync(grain).AsTask().GetAwaiter().GetResult();
        }
    }

    private sealed class RecordingContext(IServiceProvider services) : IGrainContext
    {
        public List<(string StateName, string? StorageName, string StateType)> StatesRequested { get; } = [];

        public GrainId GrainId { get; } = GrainId.Create("generator-behaviour-echo", "a");

        public IGrainFactory GrainFactory => throw new NotSupportedException();

        public IServiceProvider ActivationServices => services;

        public IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName = null)
            where TState : new()
        {
            StatesRequested.Add((stateName, storageName, typeof(TState).Name));
            return new MemoryState<TState>();
        }
    }

    private sealed class MemoryState<TState> : IPersistentState<TState>
        where TState : new()
    {
        public TState State { get; set; } = new();

        public string? Etag => null;

        public bool RecordExists => false;

        public Task ReadStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task WriteStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task ClearStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
