using System.Reflection;
using System.Runtime.CompilerServices;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using ArchitectureModel = ArchUnitNET.Domain.Architecture;

namespace CudaImages.Tests.Architecture;

/// <summary>
/// The layering the code keeps: no two stages depend on each other, the pipeline knows nothing of the target engine, the root namespace (InputException,
/// MatrixException, ContainedPath) sits below every stage, and build/ sees only what is public.
/// </summary>
public class ArchitectureTests
{
    static readonly Assembly Pipeline = typeof(InputException).Assembly;
    static readonly Assembly BuildEngine = typeof(CudaImages.BuildEngine.BuildBase).Assembly;

    static readonly ArchitectureModel Code = new ArchLoader().LoadAssemblies(Pipeline, BuildEngine).Build();

    [Fact]
    public void Pipeline_never_references_the_build_engine() =>
        Types().That().ResideInAssembly(Pipeline)
            .Should().NotDependOnAny(Types().That().ResideInAssembly(BuildEngine))
            .Check(Code);

    [Fact]
    public void Root_namespace_depends_on_no_stage() =>
        // InputException, MatrixException and ContainedPath sit below every stage: a root type that used a stage would tie it to all the others.
        Types().That().ResideInNamespace("CudaImages")
            .Should().NotDependOnAny(Types().That().ResideInNamespaceOrBelow("CudaImages").And().DoNotResideInNamespace("CudaImages"))
            .Check(Code);

    [Fact]
    public void Stages_depend_on_each_other_in_one_direction_only() =>
        // Each namespace below CudaImages (with its sub-namespaces) is one slice: Loading, Model, Planning, Rendering, Smoke...
        ArchUnitNET.Fluent.Slices.SliceRuleDefinition.Slices().Matching("CudaImages.(*)..").Should().BeFreeOfCycles().Check(Code);

    [Theory]
    [InlineData("CudaImages.Pipeline")]
    [InlineData("CudaImages.BuildEngine")]
    public void Build_sees_only_the_public_surface(string assembly) =>
        new[] { Pipeline, BuildEngine }.Single(a => a.GetName().Name == assembly)
            .GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName.Split(',')[0].Trim())
            .ShouldNotContain("_build");
}
