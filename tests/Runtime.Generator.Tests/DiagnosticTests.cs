using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Netra.Runtime.Generator.Tests;

public sealed class DiagnosticTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Netra.Runtime;

        namespace Samples;

        """;

    [Theory]
    [InlineData("int", "int")]
    [InlineData("void", "void")]
    [InlineData("IAsyncEnumerable<int>", "IAsyncEnumerable<int>")]
    [InlineData("Task<int>[]", "Task<int>[]")]
    public void Method_returning_something_other_than_a_task_is_a_compile_time_error(string returnType, string shown)
    {
        var message = AssertSingleError("NETRA001", $$"""
            public interface IBadGrain : IGrainWithStringKey
            {
                {{returnType}} [|Get|]();
            }
            """);

        Assert.Equal(
            $"Grain interface method 'IBadGrain.Get' returns '{shown}'; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>",
            message);
    }

    [Theory]
    [InlineData("ref")]
    [InlineData("out")]
    [InlineData("in")]
    public void Ref_out_and_in_parameters_are_compile_time_errors(string modifier)
    {
        var message = AssertSingleError("NETRA002", $$"""
            public interface IBadGrain : IGrainWithStringKey
            {
                Task SetAsync(int key, {{modifier}} int [|value|]);
            }
            """);

        Assert.StartsWith($"Parameter 'value' of grain interface method 'IBadGrain.SetAsync' is passed by '{modifier}'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generic_method_is_a_compile_time_error()
    {
        var message = AssertSingleError("NETRA003", """
            public interface IBadGrain : IGrainWithStringKey
            {
                Task<T> [|GetAsync|]<T>();
            }
            """);

        Assert.Contains("'IBadGrain.GetAsync'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("string [|Name|] { get; }", "property 'Name'")]
    [InlineData("event EventHandler [|Changed|];", "event 'Changed'")]
    [InlineData("int [|this|][int index] { get; }", "indexer 'this[]'")]
    [InlineData("Task [|PingAsync|]() => Task.CompletedTask;", "default-implemented method 'PingAsync'")]
    [InlineData("static abstract Task<int> [|CreateAsync|]();", "static abstract member 'CreateAsync'")]
    [InlineData("static virtual int [|Limit|] => 3;", "static virtual member 'Limit'")]
    public void Properties_events_indexers_default_implementations_and_static_abstract_members_are_compile_time_errors(
        string member,
        string described)
    {
        var message = AssertSingleError("NETRA004", $$"""
            public interface IBadGrain : IGrainWithStringKey
            {
                Task RunAsync();

                {{member}}
            }
            """);

        Assert.StartsWith($"Grain interface 'IBadGrain' declares {described}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Static_helpers_constants_and_nested_types_in_a_grain_interface_are_ignored()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IFineGrain : IGrainWithStringKey
            {
                const int Limit = 3;

                static int Clamp(int value) => Math.Min(value, Limit);

                Task RunAsync();

                public sealed class Options;
            }
            """);

        run.AssertCleanCompilation();
        Assert.Contains("Proxy_Samples_IFineGrain.g.cs", run.HintNames);
    }

    [Theory]
    [InlineData("Task<int>")]
    [InlineData("ValueTask<string>")]
    public void One_way_method_returning_a_value_is_a_compile_time_error(string returnType)
    {
        var message = AssertSingleError("NETRA005", $$"""
            public interface IBadGrain : IGrainWithStringKey
            {
                [OneWay]
                {{returnType}} [|FireAsync|]();
            }
            """);

        Assert.Contains("'IBadGrain.FireAsync' is [OneWay]", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("five seconds")]
    [InlineData("00:00:99")]
    [InlineData("")]
    public void Response_timeout_that_is_not_a_time_span_is_a_compile_time_error(string value)
    {
        var message = AssertSingleError("NETRA006", $$"""
            public interface IBadGrain : IGrainWithStringKey
            {
                [ResponseTimeout([|"{{value}}"|])]
                Task RunAsync();
            }
            """);

        Assert.Contains($"'IBadGrain.RunAsync' is '{value}'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("private")]
    [InlineData("internal")]
    [InlineData("protected")]
    public void Grain_class_without_a_public_constructor_is_a_compile_time_error(string accessibility)
    {
        var message = AssertSingleError("NETRA007", $$"""
            public sealed class [|HiddenGrain|] : Grain
            {
                {{accessibility}} HiddenGrain()
                {
                }
            }
            """.Replace("sealed", accessibility == "protected" ? "" : "sealed", StringComparison.Ordinal));

        Assert.StartsWith("Grain class 'HiddenGrain' has no public constructor", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generic_grain_interface_is_a_compile_time_error()
    {
        var message = AssertSingleError("NETRA008", """
            public interface [|IBoxGrain|]<T> : IGrainWithStringKey
            {
                Task<T> GetAsync();
            }
            """);

        Assert.StartsWith("Grain interface 'Samples.IBoxGrain<T>' is generic", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generic_grain_class_is_a_compile_time_error()
    {
        var message = AssertSingleError("NETRA008", """
            public sealed class [|BoxGrain|]<T> : Grain
            {
            }
            """);

        Assert.StartsWith("Grain class 'Samples.BoxGrain<T>' is generic", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Grain_interface_with_two_key_kinds_is_a_compile_time_error()
    {
        var message = AssertSingleError("NETRA009", """
            public interface [|IConfusedGrain|] : IGrainWithStringKey, IGrainWithGuidKey
            {
                Task RunAsync();
            }
            """);

        Assert.StartsWith(
            "Grain interface 'IConfusedGrain' derives from IGrainWithStringKey and IGrainWithGuidKey",
            message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Persistent_state_attribute_on_a_parameter_that_is_not_persistent_state_is_a_compile_time_error()
    {
        var message = AssertSingleError("NETRA010", """
            public sealed class CounterState
            {
                public int Count { get; set; }
            }

            public sealed class CounterGrain([PersistentState("counter")] CounterState [|state|]) : Grain
            {
                public int Count => state.Count;
            }
            """);

        Assert.StartsWith(
            "Parameter 'state' of grain class 'CounterGrain' has [PersistentState] but its type is 'CounterState'",
            message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Error_in_a_base_grain_interface_is_reported_once_and_blocks_both_proxies()
    {
        var message = AssertSingleError("NETRA001", """
            public interface IBaseGrain : IGrainWithStringKey
            {
                int [|Count|]();
            }

            public interface IDerivedGrain : IBaseGrain
            {
                Task RunAsync();
            }
            """);

        Assert.Contains("'IBaseGrain.Count'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Method_inherited_from_a_non_grain_interface_is_checked_and_reported_on_the_grain_interface()
    {
        var message = AssertSingleError("NETRA001", """
            public interface [|IDisposableGrain|] : IGrainWithStringKey, IDisposable
            {
                Task RunAsync();
            }
            """);

        Assert.StartsWith("Grain interface method 'IDisposable.Dispose' returns 'void'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Interface_with_an_error_gets_no_proxy_while_its_valid_neighbours_do()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IBadGrain : IGrainWithStringKey
            {
                int Get();
            }

            public interface IGoodGrain : IGrainWithStringKey
            {
                Task<int> GetAsync();
            }
            """);

        Assert.Equal("NETRA001", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Empty(run.CompilationProblems);
        Assert.Contains("Proxy_Samples_IGoodGrain.g.cs", run.HintNames);
        Assert.DoesNotContain("Proxy_Samples_IBadGrain.g.cs", run.HintNames);
        Assert.DoesNotContain("IBadGrain", run.Source("GrainRegistration.g.cs"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs the generator on <paramref name="markup"/> and checks it reports exactly one error, <paramref name="id"/>,
    /// at the span marked [| |]; that the bad type gets no generated code (so no follow-on compiler errors); and
    /// returns the message.
    /// </summary>
    private static string AssertSingleError(string id, string markup)
    {
        var source = MarkedSource.Parse(Usings + markup);
        var run = GeneratorHarness.Run(source.Code);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Netra.Grains", diagnostic.Descriptor.Category);
        Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(source.Span, diagnostic.Location.SourceSpan);
        Assert.Empty(run.CompilationProblems);
        Assert.DoesNotContain(run.HintNames, name => name.StartsWith("Proxy_", StringComparison.Ordinal));
        Assert.DoesNotContain(run.HintNames, name => name.StartsWith("GrainRegistration", StringComparison.Ordinal));
        return diagnostic.GetMessage(CultureInfo.InvariantCulture);
    }
}
