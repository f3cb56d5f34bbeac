namespace Netra.Runtime.Generator.Tests;

public sealed class GrainClassGenerationTests
{
    [Fact]
    public void Grain_class_with_persistent_state_and_logger_compiles_without_diagnostics()
    {
        var run = GeneratorHarness.Run(Samples.CounterGrain);

        run.AssertCleanCompilation();
        Assert.Equal(["GrainRegistration.g.cs", "Proxy_Netra_Grains_ICounterGrain.g.cs"], run.HintNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Registration_describes_the_grain_class_from_its_attributes()
    {
        var registration = GeneratorHarness.Run(Samples.CounterGrain).Source("GrainRegistration.g.cs");

        Assert.Contains(
            """
                    global::Netra.Runtime.GrainTypeRegistry.RegisterGrainClass(new global::Netra.Runtime.GrainClassMetadata(
                        "counter",
                        typeof(global::Netra.Grains.CounterGrain),
                        new global::System.Type[] { typeof(global::Netra.Grains.ICounterGrain) },
                        static (services, context) => new global::Netra.Grains.CounterGrain(state: context.GetPersistentState<global::Netra.Grains.CounterState>("counter", null), logger: global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<global::Microsoft.Extensions.Logging.ILogger<global::Netra.Grains.CounterGrain>>(services)),
                        true,
                        4,
                        global::System.TimeSpan.FromMinutes(2.5D)));
            """,
            registration,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Grain_type_attribute_context_factory_optional_services_and_defaults_are_wired()
    {
        var registration = GeneratorHarness.Run(Samples.CounterGrain).Source("GrainRegistration.g.cs");

        Assert.Contains("\"audit-log\",", registration, StringComparison.Ordinal);
        Assert.Contains(
            "new global::Netra.Grains.AuditGrain(context: context, factory: context.GrainFactory, audit: context.GetPersistentState<global::Netra.Grains.CounterState>(\"audit\", \"archive\"), optionalLogger: global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetService<global::Microsoft.Extensions.Logging.ILogger<global::Netra.Grains.AuditGrain>>(services)),",
            registration,
            StringComparison.Ordinal);
        Assert.Contains(
            """
                        false,
                        null,
                        null));
            """,
            registration,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Grain_class_without_interfaces_or_constructor_is_registered_and_abstract_classes_are_not()
    {
        var registration = GeneratorHarness.Run(Samples.CounterGrain).Source("GrainRegistration.g.cs");

        Assert.Contains(
            "\"plain\",\n            typeof(global::Netra.Grains.PlainGrain),\n            global::System.Type.EmptyTypes,\n            static (services, context) => new global::Netra.Grains.PlainGrain(),",
            registration,
            StringComparison.Ordinal);
        Assert.DoesNotContain("GrainBase", registration, StringComparison.Ordinal);
    }

    [Fact]
    public void Public_constructor_with_the_most_parameters_is_used_and_nested_classes_use_their_own_name()
    {
        var run = GeneratorHarness.Run("""
            using Netra.Runtime;

            namespace Samples;

            public sealed class Host
            {
                public sealed class ChatRoomGrain : Grain
                {
                    public ChatRoomGrain()
                    {
                    }

                    public ChatRoomGrain(IGrainFactory factory, IGrainContext context)
                    {
                        Factory = factory;
                        Context = context;
                    }

                    private ChatRoomGrain(IGrainFactory factory, IGrainContext context, string name)
                        : this(factory, context)
                    {
                        Name = name;
                    }

                    public IGrainFactory? Factory { get; }

                    public IGrainContext? Context { get; }

                    public string? Name { get; }
                }
            }
            """);

        run.AssertCleanCompilation();
        var registration = run.Source("GrainRegistration.g.cs");
        Assert.Contains("\"chatroom\",", registration, StringComparison.Ordinal);
        Assert.Contains(
            "new global::Samples.Host.ChatRoomGrain(factory: context.GrainFactory, context: context)",
            registration,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Grain_class_implementing_an_interface_from_another_interface_lists_every_grain_interface()
    {
        var run = GeneratorHarness.Run("""
            using System.Threading.Tasks;
            using Netra.Runtime;

            namespace Samples;

            public interface INamedGrain : IGrainWithStringKey
            {
                Task<string> NameAsync();
            }

            public interface IRoomGrain : INamedGrain
            {
                Task JoinAsync(string user);
            }

            public sealed class RoomGrain : Grain, IRoomGrain
            {
                public Task<string> NameAsync() => Task.FromResult(GetPrimaryKeyString());

                public Task JoinAsync(string user) => Task.CompletedTask;
            }
            """);

        run.AssertCleanCompilation();
        Assert.Contains(
            "new global::System.Type[] { typeof(global::Samples.IRoomGrain), typeof(global::Samples.INamedGrain) }",
            run.Source("GrainRegistration.g.cs"),
            StringComparison.Ordinal);
    }
}
