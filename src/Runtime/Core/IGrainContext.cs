namespace Netra.Runtime;

/// <summary>The runtime's side of one activation, as its grain and generated factory see it.</summary>
public interface IGrainContext
{
    /// <summary>The activation's grain id.</summary>
    GrainId GrainId { get; }

    /// <summary>The grain factory of the silo that hosts the activation.</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>The activation's services (a scope that lives as long as the activation).</summary>
    IServiceProvider ActivationServices { get; }

    /// <summary>
    /// The persistent state <paramref name="stateName"/> of this grain in storage provider <paramref name="storageName"/>.
    /// It is read before <see cref="Grain.OnActivateAsync"/> runs.
    /// </summary>
    IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName = null) where TState : new();
}
