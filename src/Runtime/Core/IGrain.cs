namespace Netra.Runtime;

/// <summary>Marker for every grain interface. A grain interface derives from exactly one of the keyed markers below.</summary>
public interface IGrain : IAddressable;

/// <summary>A grain addressed by a string key.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>A grain addressed by a <see cref="Guid"/> key.</summary>
public interface IGrainWithGuidKey : IGrain;

/// <summary>A grain addressed by a 64-bit integer key.</summary>
public interface IGrainWithIntegerKey : IGrain;

/// <summary>Anything that has a grain identity: grain references and grain classes.</summary>
public interface IAddressable;
