using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Netra.Runtime.Generator.Tests;

public sealed class SerializationGenerationTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Netra.Runtime;

        namespace Samples;

        """;

    [Theory]
    [InlineData("object", "'object' has no fixed shape")]
    [InlineData("dynamic", "'dynamic' is dynamic")]
    [InlineData("Shape", "'Shape' is abstract")]
    [InlineData("IComparable", "'IComparable' is an interface that is neither a grain interface nor a supported collection")]
    [InlineData("Action<int>", "'Action<int>' is a delegate")]
    [InlineData("NoConstructor", "'NoConstructor' has no public constructor whose parameters all match public properties")]
    [InlineData("int[,]", "'int[,]' is a multi-dimensional array")]
    [InlineData("List<object>", "'object' has no fixed shape")]
    [InlineData("Order", "'Shape' (at Order.Shape) is abstract")]
    [InlineData("(int, int, int, int, int, int, int, int)", "has more than 7 elements")]
    public void Parameter_of_a_type_that_cannot_be_sent_is_a_compile_time_error(string type, string reason)
    {
        var message = AssertSingleError($$"""
            public interface IBadGrain : IGrainWithStringKey
            {
                Task SendAsync({{type}} [|value|]);
            }
            """);

        Assert.StartsWith($"Grain interface method 'IBadGrain.SendAsync' cannot send parameter 'value' of type '", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Result_of_a_type_that_cannot_be_sent_is_a_compile_time_error()
    {
        var message = AssertSingleError("""
            public interface IBadGrain : IGrainWithStringKey
            {
                Task<Dictionary<string, Func<int>>> [|GetAsync|]();
            }
            """);

        Assert.Equal(
            "Grain interface method 'IBadGrain.GetAsync' cannot send its result of type 'Dictionary<string, Func<int>>': 'Func<int>' is a delegate; code cannot be sent to another process",
            message);
    }

    [Fact]
    public void Cancellation_token_inside_a_record_is_a_compile_time_error_but_as_a_parameter_it_is_skipped()
    {
        var message = AssertSingleError("""
            public sealed record Job(string Name, CancellationToken Token);

            public interface IBadGrain : IGrainWithStringKey
            {
                Task RunAsync(Job [|job|], CancellationToken cancellationToken);
            }
            """);

        Assert.Contains("'CancellationToken' (at Job.Token) can be a grain method parameter", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_classes_write_their_arguments_and_register_their_reader_by_method_id()
    {
        var proxy = GeneratorHarness.Run(Samples.RichInterface).Source("Proxy_Netra_Grains_IThreadGrain.g.cs");

        Assert.Contains(
            "public override string MethodId => \"Netra.Grains.IThreadGrain.PostAsync(Netra.Grains.Message,System.Threading.CancellationToken)\";",
            proxy,
            StringComparison.Ordinal);
        Assert.Contains(
            "public override string MethodId => \"Netra.Grains.IThreadGrain.NestedAsync(Netra.Grains.Outer<int>.Inner,System.ValueTuple<string, int>)\";",
            proxy,
            StringComparison.Ordinal);
        Assert.Contains("global::Netra.Runtime.Serialization.WireCodec<global::Netra.Grains.Message>.Write(writer, Arg0!);", proxy, StringComparison.Ordinal);
        Assert.Contains("writer.WriteInt32(Arg0!);", proxy, StringComparison.Ordinal);
        Assert.Contains("request.Arg1 = reader.ReadInt32()!;", proxy, StringComparison.Ordinal);
        Assert.Contains("[global::System.Runtime.CompilerServices.ModuleInitializer]", proxy, StringComparison.Ordinal);
        Assert.Contains(
            "global::Netra.Runtime.Serialization.GrainRequestRegistry.Register(\"Netra.Grains.IEntityGrain.DescribeAsync()\", global::Netra.Generated.Request_Netra_Grains_IThreadGrain_DescribeAsync_",
            proxy,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Codec_file_registers_each_reachable_type_once_and_writes_records_in_declaration_order()
    {
        var codecs = GeneratorHarness.Run(Samples.RichInterface).Source("WireCodecs.g.cs");

        Assert.Contains("WireCodec<global::Netra.Grains.Message>.Register(global::Netra.Generated.Codec_Netra_Grains_Message.Write, global::Netra.Generated.Codec_Netra_Grains_Message.Read);", codecs, StringComparison.Ordinal);
        Assert.Contains("WireCodec<global::Netra.Grains.IEntityGrain>.Register(global::Netra.Runtime.Serialization.GrainReferenceCodec.Write<global::Netra.Grains.IEntityGrain>", codecs, StringComparison.Ordinal);
        Assert.Contains("WireCodec<int[][]>.Register(global::Netra.Runtime.Serialization.CollectionCodecs.WriteArray<int[]>", codecs, StringComparison.Ordinal);
        Assert.Contains("WireCodec<global::System.Collections.Generic.IReadOnlyList<string>>.Register(", codecs, StringComparison.Ordinal);
        Assert.Equal(1, Count(codecs, "WireCodec<global::Netra.Grains.Message>.Register("));
        Assert.Contains("writer.WriteObjectHeader(2);\n        writer.WriteString(value.Text!);\n        writer.WriteDateTimeOffset(value.At!);", codecs, StringComparison.Ordinal);
        Assert.Contains("return new global::Netra.Grains.Message(m0, m1);", codecs, StringComparison.Ordinal);
    }

    [Fact]
    public void Classes_structs_generic_records_and_enums_compile_to_codecs()
    {
        var run = GeneratorHarness.Run(Usings + """
            public enum Color : byte { Red, Green }

            public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

            public readonly record struct Point(int X, int Y);

            public sealed class Settings
            {
                public Settings(string name) => Name = name;

                public string Name { get; }

                public int Retries { get; set; }

                public required Color Color { get; init; }

                public int Computed => Retries * 2;
            }

            public sealed record Tree(string Name, List<Tree> Children);

            public interface IGoodGrain : IGrainWithStringKey
            {
                Task<Page<Point>> ListAsync(Settings settings, Tree tree, Color? color, CancellationToken cancellationToken);
            }
            """);

        run.AssertCleanCompilation();
        var codecs = run.Source("WireCodecs.g.cs");
        Assert.Contains("return new global::Samples.Settings(m0) { Retries = m1, Color = m2 };", codecs, StringComparison.Ordinal);
        Assert.Contains("writer.WriteUInt64((ulong)value)", codecs, StringComparison.Ordinal);
        Assert.Contains("Codec_Samples_Page_x003C_Samples_Point_x003E_", codecs, StringComparison.Ordinal);
        Assert.DoesNotContain("Computed", codecs, StringComparison.Ordinal);
    }

    private static int Count(string text, string value) => text.Split(value).Length - 1;

    private static string AssertSingleError(string markup)
    {
        var source = MarkedSource.Parse(Usings + markup + """

            public abstract class Shape;

            public sealed class NoConstructor
            {
                public NoConstructor(int size) => Length = size;

                public int Length { get; }
            }

            public sealed record Order(string Id, Shape Shape);
            """);
        var run = GeneratorHarness.Run(source.Code);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NETRA011", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(source.Span, diagnostic.Location.SourceSpan);
        Assert.Empty(run.CompilationProblems);
        Assert.DoesNotContain(run.HintNames, name => name.StartsWith("Proxy_", StringComparison.Ordinal));
        return diagnostic.GetMessage(CultureInfo.InvariantCulture);
    }
}
