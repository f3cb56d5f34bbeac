using Netra.Runtime;

namespace Netra.Benchmarks.StateWrites;

/// <summary>A grain whose every call writes its state once, as a grain keeps its state.</summary>
public interface IWriterGrain : IGrainWithIntegerKey
{
    /// <summary>Stores <paramref name="value"/> with the benchmark's payload and returns <paramref name="value"/> plus one once it is written.</summary>
    ValueTask<int> WriteAsync(int value);
}

/// <summary>The state every write stores: a counter and a fixed text, about <see cref="WriterState.PayloadBytes"/> bytes of JSON.</summary>
public sealed class WriterState
{
    /// <summary>The size of the state as JSON, roughly: the benchmark's payload.</summary>
    public const int PayloadBytes = 256;

    /// <summary>The text every state carries, so that a write moves a realistic payload.</summary>
    public static readonly string Filler = new('x', PayloadBytes - 40);

    public int Value { get; set; }

    public string Text { get; set; } = "";
}

public sealed class WriterGrain([PersistentState("writer")] IPersistentState<WriterState> state) : Grain, IWriterGrain
{
    public async ValueTask<int> WriteAsync(int value)
    {
        state.State.Value = value;
        state.State.Text = WriterState.Filler;
        await state.WriteStateAsync();
        return value + 1;
    }
}
