namespace Netra.Runtime.Generator.Tests;

/// <summary>Valid grain code the tests generate from.</summary>
internal static class Samples
{
    /// <summary>A grain interface that uses every supported method shape, through a base interface.</summary>
    public const string RichInterface = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Netra.Runtime;

        namespace Netra.Grains;

        public sealed record Message(string Text, DateTimeOffset At);

        public sealed class Outer<T>
        {
            public sealed class Inner;
        }

        /// <summary>Methods every entity grain has.</summary>
        public interface IEntityGrain : IGrainWithStringKey
        {
            Task<string> DescribeAsync();

            Task PingAsync();
        }

        /// <summary>Not a grain interface, but its methods become grain methods of the interfaces that extend it.</summary>
        public interface IPingable
        {
            Task<bool> PingAsync(TimeSpan within);
        }

        public interface IThreadGrain : IEntityGrain, IPingable
        {
            Task PostAsync(Message message, CancellationToken cancellationToken);

            Task<IReadOnlyList<string>> ListAsync(int skip, int take);

            ValueTask ArchiveAsync(string? reason);

            ValueTask<string?> FindAsync(string[] keys, Dictionary<string, List<int?>>? index);

            [AlwaysInterleave]
            Task<(int Count, string? Last)> StatsAsync();

            [OneWay]
            Task NotifyAsync(IThreadGrain? other, int[][] jagged);

            [OneWay]
            ValueTask TouchAsync();

            [ResponseTimeout("00:00:05")]
            Task<long> CountAsync(CancellationToken cancellationToken = default);

            Task<IEntityGrain> LinkAsync(IEntityGrain target, params string[] tags);

            Task<string> DescribeAsync(int detail);

            Task<string> @event(string @class, Guid? id);

            Task<Outer<int>.Inner> NestedAsync(Outer<int>.Inner value, (string Name, int Age) person);

            static string Describe(int count) => $"{count} posts";

            const int MaxPosts = 100;
        }

        internal interface IHiddenGrain : IGrainWithGuidKey
        {
            Task RunAsync();
        }

        public static class Container
        {
            public interface INestedGrain : IGrainWithIntegerKey
            {
                Task<int> GetAsync();
            }
        }

        public partial interface IPartialGrain : IGrainWithStringKey
        {
            Task FirstAsync();
        }

        public partial interface IPartialGrain
        {
            Task SecondAsync();
        }
        """;

    /// <summary>A grain class with persistent state and a logger, in the shape the conventions ask for.</summary>
    public const string CounterGrain = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.Logging;
        using Netra.Runtime;

        namespace Netra.Grains;

        public interface ICounterGrain : IGrainWithStringKey
        {
            Task<int> IncrementAsync(int by);

            Task ResetAsync();
        }

        public sealed class CounterState
        {
            public int Count { get; set; }
        }

        [Reentrant]
        [StatelessWorker(4)]
        [CollectionAgeLimit(2.5)]
        public sealed class CounterGrain(
            [PersistentState("counter")] IPersistentState<CounterState> state,
            ILogger<CounterGrain> logger) : Grain, ICounterGrain
        {
            public async Task<int> IncrementAsync(int by)
            {
                state.State.Count += by;
                await state.WriteStateAsync();
                logger.LogInformation("Counter is {Count}", state.State.Count);
                return state.State.Count;
            }

            public Task ResetAsync() => state.ClearStateAsync();
        }

        [GrainType("audit-log")]
        public sealed class AuditGrain(
            IGrainContext context,
            IGrainFactory factory,
            [PersistentState("audit", "archive")] IPersistentState<CounterState> audit,
            ILogger<AuditGrain>? optionalLogger,
            int retries = 3) : Grain, ICounterGrain
        {
            public Task<int> IncrementAsync(int by) =>
                factory.GetGrain<ICounterGrain>(context.GrainId.Key).IncrementAsync(by + audit.State.Count + retries);

            public Task ResetAsync()
            {
                optionalLogger?.LogInformation("Reset");
                return Task.CompletedTask;
            }
        }

        public sealed class PlainGrain : Grain;

        public abstract class GrainBase : Grain;
        """;
}
