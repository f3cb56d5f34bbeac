using System.Buffers;
using Netra.Generated;
using Netra.Runtime.Serialization;
using Netra.Runtime.Tests.Identity;

namespace Netra.Runtime.Tests.Serialization;

public sealed class RequestSerializationTests
{
    private static readonly GrainId s_probeId = GrainId.Create("probe", "p");

    [Fact]
    public async Task Request_read_back_from_its_method_id_and_arguments_gives_the_same_result()
    {
        var (request, copy) = SendThroughWire(p => p.ConfigureAsync(new Settings { Retries = 2, Label = "gold", Tags = ["t"] }, new Money(9.5m, "EUR")));

        Assert.Equal(
            "Netra.Runtime.Tests.Serialization.ISerializationProbeGrain.ConfigureAsync(Netra.Runtime.Tests.Serialization.Settings,Netra.Runtime.Tests.Serialization.Money)",
            request.MethodId);
        Assert.Equal(request.GetType(), copy.GetType());
        var expected = await ((GrainRequest<Settings>)request).InvokeAsync(new SerializationProbe());
        var actual = await ((GrainRequest<Settings>)copy).InvokeAsync(new SerializationProbe());
        Assert.Equal(expected.Label, actual.Label);
        Assert.Equal("gold 9.5 EUR", actual.Label);
        Assert.Equal(3, actual.Retries);
    }

    [Fact]
    public async Task Cancellation_token_is_not_sent_but_the_other_arguments_are()
    {
        var ada = new Customer(Guid.NewGuid(), "Ada", null, [], Priority.Low);
        using var cancellation = new CancellationTokenSource();
        var (request, copy) = SendThroughWire(p => p.FindAsync(ada.Id, new Page<Customer>([ada], 1), cancellation.Token));

        Assert.True(request.HasCancellationToken);
        Assert.Equal(default, copy.CancellationToken);
        Assert.EndsWith("FindAsync(System.Guid,Netra.Runtime.Tests.Serialization.Page<Netra.Runtime.Tests.Serialization.Customer>,System.Threading.CancellationToken)", request.MethodId, StringComparison.Ordinal);
        var found = await ((GrainRequest<Customer?>)copy).InvokeAsync(new SerializationProbe());
        Assert.Equal(ada, found! with { Others = ada.Others });
    }

    [Fact]
    public async Task Grain_references_in_arguments_are_bound_to_the_local_runtime()
    {
        var binder = new RecordingBinder();
        var other = new Proxy_Netra_Runtime_Tests_Identity_IStringKeyed(new CapturingInvoker(), GrainId.Create("stringkeyed", "s"));
        var (_, copy) = SendThroughWire(p => p.LinkAsync(other, null), new SerializationContext { GrainReferenceBinder = binder });

        var linked = await ((GrainRequest<IStringKeyed>)copy).InvokeAsync(new SerializationProbe());

        Assert.Equal(other, linked);
        Assert.NotSame(other, linked);
        Assert.Equal([(other.GrainId, "Netra.Runtime.Tests.Identity.IStringKeyed")], binder.Bound);
    }

    [Fact]
    public void Reading_a_grain_reference_without_a_binder_explains_what_is_missing()
    {
        var other = new Proxy_Netra_Runtime_Tests_Identity_IStringKeyed(new CapturingInvoker(), GrainId.Create("stringkeyed", "s"));

        var error = Assert.Throws<InvalidOperationException>(() => Wire.RoundTrip<IStringKeyed>(other));

        Assert.Contains("IGrainReferenceBinder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Grain_object_that_is_not_a_reference_cannot_be_sent()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Wire.Bytes<IStringKeyed>(new StringKeyedGrainStandIn()));

        Assert.Contains("grain reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_method_id_fails_with_a_clear_message()
    {
        var error = Assert.Throws<WireFormatException>(() => GrainRequestRegistry.Read("Nope.IGone.RunAsync()", new WireReader(ReadOnlyMemory<byte>.Empty)));

        Assert.Contains("Nope.IGone.RunAsync()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_of_each_kind_round_trip_and_complete_the_caller()
    {
        var probe = new SerializationProbe();
        Assert.Equal((3, "a1"), await ResultThroughWire(p => p.CountAsync(new Tree("root", [new Tree("a", []), new Tree("a1", [])])), probe));
        Assert.Equal(5, await ResultThroughWire(p => p.AddAsync(2, 3).AsTask(), probe));
        Assert.IsType<InvalidOperationException>(await ResultThroughWire(p => p.CatchAsync("boom"), probe));
        var everything = RandomValues.Everything(new Random(7));
        Assert.Equal(everything.Seven, (await ResultThroughWire(p => p.EchoAsync(everything), probe)).Seven);

        var (_, touch) = SendThroughWire(p => p.TouchAsync().AsTask());
        var result = await ((GrainRequest<VoidResult>)touch).InvokeAsync(probe);
        Assert.Empty(WriteResult(result));
        Assert.Equal(1, probe.Touches);
    }

    private static async Task<T> ResultThroughWire<T>(Func<ISerializationProbeGrain, Task<T>> call, SerializationProbe probe)
    {
        var (_, copy) = SendThroughWire(call);
        var result = await ((GrainRequest<T>)copy).InvokeAsync(probe);
        var sink = new CapturingSink();
        copy.CompleteFromWire(new WireReader(WriteResult(result)), sink);
        return (T)sink.Result!;
    }

    private static byte[] WriteResult<T>(T result)
    {
        var buffer = new ArrayBufferWriter<byte>();
        GrainRequest<T>.WriteResult(new WireWriter(buffer), result);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Makes the call through a proxy, writes the request it sends as a frame would, and reads it back.</summary>
    private static (GrainRequest Sent, GrainRequest Read) SendThroughWire(Func<ISerializationProbeGrain, Task> call, SerializationContext? context = null)
    {
        var invoker = new CapturingInvoker();
        _ = call(new Proxy_Netra_Runtime_Tests_Serialization_ISerializationProbeGrain(invoker, s_probeId));
        var request = invoker.Request!;

        var buffer = new ArrayBufferWriter<byte>();
        var writer = new WireWriter(buffer);
        writer.WriteString(request.MethodId);
        request.WriteArguments(writer);

        var reader = new WireReader(buffer.WrittenMemory, context);
        var copy = GrainRequestRegistry.Read(reader.ReadString()!, reader);
        Assert.Equal(0, reader.Remaining);
        return (request, copy);
    }

    private sealed class CapturingInvoker : IGrainCallInvoker
    {
        public GrainRequest? Request { get; private set; }

        public Task<TResult> InvokeAsync<TResult>(GrainReference target, GrainRequest<TResult> request)
        {
            Request = request;
            return Task.FromResult(default(TResult)!);
        }

        public void InvokeOneWay(GrainReference target, GrainRequest<VoidResult> request) => Request = request;
    }

    private sealed class CapturingSink : IResponseSink
    {
        public object? Result { get; private set; }

        public void Complete<TResult>(TResult result) => Result = result;

        public void Fail(Exception exception) => throw exception;
    }

    private sealed class RecordingBinder : IGrainReferenceBinder
    {
        public List<(GrainId, string)> Bound { get; } = [];

        public object Bind(GrainId id, string interfaceName)
        {
            Bound.Add((id, interfaceName));
            return new Proxy_Netra_Runtime_Tests_Identity_IStringKeyed(new CapturingInvoker(), id);
        }
    }

    private sealed class StringKeyedGrainStandIn : IStringKeyed
    {
        public Task<string> GetKeyAsync() => Task.FromResult("");

        public Task<long> AskAsync(IIntegerKeyed other) => Task.FromResult(0L);
    }
}
