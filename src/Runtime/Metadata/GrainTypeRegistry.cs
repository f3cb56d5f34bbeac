using System.Collections.Concurrent;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Netra.Runtime;

/// <summary>
/// The process-wide table of grain interfaces and grain classes. Generated module initializers fill it; hosts read it.
/// Lookups on the call path are dictionary reads; reflection is used only once per assembly, to find generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GrainTypeRegistry
{
    private static readonly ConcurrentDictionary<Type, (string Name, GrainProxyFactory Factory)> s_interfaces = new();
    private static readonly ConcurrentDictionary<string, GrainProxyFactory> s_proxiesByName = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, GrainClassMetadata> s_classes = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<Type, string[]> s_implementations = new();
    private static readonly ConcurrentDictionary<Assembly, bool> s_scanned = new();
    private static readonly ConcurrentDictionary<string, string> s_conflicts = new(StringComparer.Ordinal);

    /// <summary>Registers a grain interface's proxy. Called by generated code.</summary>
    public static void RegisterInterface(Type interfaceType, string name, GrainProxyFactory factory)
    {
        s_interfaces[interfaceType] = (name, factory);
        s_proxiesByName[name] = factory;
    }

    /// <summary>The proxy factory of the grain interface named <paramref name="interfaceName"/>: for references read off the wire.</summary>
    public static GrainProxyFactory GetProxyFactory(string interfaceName)
    {
        if (s_proxiesByName.TryGetValue(interfaceName, out var factory))
        {
            return factory;
        }

        EnsureLoadedAssembliesRegistered();
        return s_proxiesByName.TryGetValue(interfaceName, out factory)
            ? factory
            : throw new InvalidOperationException($"No grain interface named '{interfaceName}' is known in this process.");
    }

    /// <summary>Registers a grain class. Called by generated code.</summary>
    public static void RegisterGrainClass(GrainClassMetadata metadata)
    {
        // Registration runs in a module initializer, where throwing would make every type of the assembly unusable;
        // a clash is recorded and reported to whoever uses the grain type.
        if (s_classes.TryGetValue(metadata.GrainType, out var existing) && existing.ClassType != metadata.ClassType)
        {
            s_conflicts[metadata.GrainType] =
                $"Grain classes {existing.ClassType} and {metadata.ClassType} both use grain type '{metadata.GrainType}'. Give one a [GrainType] name.";
            return;
        }

        s_classes[metadata.GrainType] = metadata;
        foreach (var grainInterface in metadata.Interfaces)
        {
            s_implementations.AddOrUpdate(
                grainInterface,
                _ => [metadata.GrainType],
                (_, types) => types.Contains(metadata.GrainType) ? types : [.. types, metadata.GrainType]);
        }
    }

    /// <summary>The grain class registered under a grain type name.</summary>
    public static bool TryGetGrainClass(string grainType, out GrainClassMetadata metadata)
    {
        ThrowIfConflicting(grainType);
        if (s_classes.TryGetValue(grainType, out metadata!))
        {
            return true;
        }

        EnsureLoadedAssembliesRegistered();
        return s_classes.TryGetValue(grainType, out metadata!);
    }

    /// <summary>All registered grain classes.</summary>
    public static IReadOnlyCollection<GrainClassMetadata> GrainClasses
    {
        get
        {
            EnsureLoadedAssembliesRegistered();
            return [.. s_classes.Values];
        }
    }

    /// <summary>The proxy factory of <paramref name="interfaceType"/>, which need not have a grain class (observers).</summary>
    internal static GrainProxyFactory GetProxyFactory(Type interfaceType)
    {
        RegisterAssembly(interfaceType.Assembly);
        return s_interfaces.TryGetValue(interfaceType, out var proxy)
            ? proxy.Factory
            : throw new InvalidOperationException(
                $"{interfaceType} has no generated proxy. Observer and grain interfaces must live in a project that references the Netra.Runtime.Generator analyzer.");
    }

    internal static (string Name, GrainProxyFactory Factory, string GrainType) ResolveInterface(Type interfaceType)
    {
        RegisterAssembly(interfaceType.Assembly);
        if (!s_interfaces.TryGetValue(interfaceType, out var proxy))
        {
            throw new InvalidOperationException(
                $"{interfaceType} has no generated proxy. Grain interfaces must live in a project that references the Netra.Runtime.Generator analyzer.");
        }

        if (!s_implementations.TryGetValue(interfaceType, out var types))
        {
            EnsureLoadedAssembliesRegistered();
            s_implementations.TryGetValue(interfaceType, out types);
        }

        if (types is { Length: > 1 })
        {
            // A class that implements the interface only as the base of a more specific grain interface it also
            // implements (IReentrantFoo : IFoo) is that specific interface's grain; the plain one belongs to the others.
            var direct = types.Where(type => !s_classes[type].Interfaces.Any(
                other => other != interfaceType && interfaceType.IsAssignableFrom(other))).ToArray();
            types = direct.Length > 0 ? direct : types;
        }

        if (types is [var only])
        {
            ThrowIfConflicting(only);
        }

        return types switch
        {
            null or [] => throw new InvalidOperationException(
                $"No grain class implements {interfaceType}. Is the assembly that holds it referenced by this host?"),
            [var single] => (proxy.Name, proxy.Factory, single),
            _ => throw new InvalidOperationException(
                $"{interfaceType} is implemented by several grain classes ({string.Join(", ", types)}); Netra needs exactly one."),
        };
    }

    private static void ThrowIfConflicting(string grainType)
    {
        if (s_conflicts.TryGetValue(grainType, out var conflict))
        {
            throw new InvalidOperationException(conflict);
        }
    }

    /// <summary>Runs the generated registration of <paramref name="assembly"/>, once.</summary>
    public static void RegisterAssembly(Assembly assembly)
    {
        if (!s_scanned.TryAdd(assembly, true))
        {
            return;
        }

        if (assembly.IsDefined(typeof(GrainAssemblyAttribute), inherit: false))
        {
            RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        }
    }

    /// <summary>Registers every loaded assembly with generated grain code, and the grain assemblies they reference.</summary>
    public static void EnsureLoadedAssembliesRegistered()
    {
        var runtimeName = typeof(GrainTypeRegistry).Assembly.GetName().Name;
        var pending = new Stack<Assembly>(AppDomain.CurrentDomain.GetAssemblies());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var assembly))
        {
            if (assembly.IsDynamic || !seen.Add(assembly.FullName ?? assembly.GetName().Name ?? ""))
            {
                continue;
            }

            var references = assembly.GetReferencedAssemblies();
            if (!references.Any(r => r.Name == runtimeName))
            {
                continue;
            }

            RegisterAssembly(assembly);
            foreach (var reference in references)
            {
                if (!seen.Contains(reference.FullName))
                {
                    TryLoad(reference, pending);
                }
            }
        }
    }

    private static void TryLoad(AssemblyName name, Stack<Assembly> pending)
    {
        try
        {
            pending.Push(Assembly.Load(name));
        }
        catch (FileNotFoundException)
        {
            // A reference that is not deployed (for example a design-time-only assembly) cannot hold grains we need.
        }
    }
}
