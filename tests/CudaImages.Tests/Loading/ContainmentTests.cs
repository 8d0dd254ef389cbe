using CudaImages.Loading;
using CudaImages.Planning;
using CudaImages.Rendering;
using CudaImages.Smoke;

namespace CudaImages.Tests.Loading;

/// <summary>
/// Files read from images/ must really be inside it, symbolic links followed: real links in temporary folders,
/// pointing at a "host secret" outside the matrix.
/// </summary>
public sealed class ContainmentTests : IDisposable
{
    readonly ScratchMatrix matrix = new();
    readonly string secret;

    public ContainmentTests()
    {
        secret = Path.Combine(Path.GetDirectoryName(matrix.Directory)!, "host-secret");
        Directory.CreateDirectory(secret);
        File.WriteAllText(Path.Combine(secret, "passwd"), "root:x:0:0\n");
    }

    public void Dispose() => matrix.Dispose();

    MatrixError OnlyError(Action load)
    {
        var error = Should.Throw<MatrixException>(load);
        error.Errors.Count.ShouldBe(1, string.Join("\n", error.Errors));
        return error.Errors[0];
    }

    ScratchMatrix WithCopy(string copy)
    {
        matrix.Write("templates/plain.Dockerfile.liquid", $"ARG PARENT_IMAGE={{{{ from }}}}\nFROM ${{PARENT_IMAGE}}\n{copy}\n");
        return matrix;
    }

    [Fact]
    public void Template_that_is_a_link_to_a_host_file_is_refused_where_the_flavor_names_it()
    {
        File.Delete(matrix.PathOf("templates/plain.Dockerfile.liquid"));
        File.CreateSymbolicLink(matrix.PathOf("templates/plain.Dockerfile.liquid"), Path.Combine(secret, "passwd"));

        var error = OnlyError(() => MatrixLoader.Load(matrix.Directory, SmokeCheckRegistry.Default.Catalogue));

        error.ToString().ShouldStartWith("images/flavors.yaml:3:15: template 'plain.Dockerfile.liquid' leads to ");
        error.Message.ShouldContain("outside images/");
    }

    [Fact]
    public void Templates_folder_that_is_a_link_out_of_images_is_refused()
    {
        var elsewhere = Path.Combine(secret, "templates");
        Directory.Move(matrix.PathOf("templates"), elsewhere);
        Directory.CreateSymbolicLink(matrix.PathOf("templates"), elsewhere);

        OnlyError(() => MatrixLoader.Load(matrix.Directory, SmokeCheckRegistry.Default.Catalogue)).Message.ShouldContain("outside images/");
    }

    [Fact]
    public void Partial_that_is_a_link_to_a_host_file_is_refused_at_its_include()
    {
        matrix.Write("templates/plain.Dockerfile.liquid", "ARG PARENT_IMAGE={{ from }}\nFROM ${PARENT_IMAGE}\n{% include '_secret' %}\n");
        File.CreateSymbolicLink(matrix.PathOf("templates/_secret.liquid"), Path.Combine(secret, "passwd"));

        var error = OnlyError(() => MatrixLoader.Load(matrix.Directory, SmokeCheckRegistry.Default.Catalogue));

        error.ToString().ShouldStartWith("images/templates/plain.Dockerfile.liquid:3:1: the included _secret.liquid leads to ");
    }

    [Fact]
    public void Yaml_file_that_is_a_link_to_a_host_file_is_refused_before_it_is_read()
    {
        File.Move(matrix.PathOf("matrix.yaml"), Path.Combine(secret, "matrix.yaml"));
        File.CreateSymbolicLink(matrix.PathOf("matrix.yaml"), Path.Combine(secret, "matrix.yaml"));

        OnlyError(() => MatrixLoader.Load(matrix.Directory, SmokeCheckRegistry.Default.Catalogue)).ToString().ShouldStartWith("images/matrix.yaml:1:1: leads to ");
    }

    [Fact]
    public void Smoke_source_that_is_a_link_to_a_host_file_is_refused()
    {
        Directory.CreateDirectory(matrix.PathOf("smoke"));
        File.CreateSymbolicLink(matrix.PathOf("smoke/vector_add.cu"), Path.Combine(secret, "passwd"));

        OnlyError(() => MatrixLoader.Load(matrix.Directory, SmokeCheckRegistry.Default.Catalogue)).ToString().ShouldStartWith("images/smoke/vector_add.cu:1:1: leads to ");
    }

    [Fact]
    public void Link_inside_images_to_a_file_inside_images_is_accepted()
    {
        File.Move(matrix.PathOf("templates/plain.Dockerfile.liquid"), matrix.PathOf("templates/real.liquid.txt"));
        File.CreateSymbolicLink(matrix.PathOf("templates/plain.Dockerfile.liquid"), "real.liquid.txt");

        MatrixLoader.Load(matrix.Directory, SmokeCheckRegistry.Default.Catalogue).Flavors.Count.ShouldBe(3);
    }

    [Fact]
    public void Context_file_that_is_a_link_to_a_host_file_is_refused_at_the_templates_copy_line()
    {
        Directory.CreateDirectory(matrix.PathOf("context"));
        File.CreateSymbolicLink(matrix.PathOf("context/hello.txt"), Path.Combine(secret, "passwd"));
        WithCopy("COPY hello.txt /hello.txt");

        var error = OnlyError(() => Planner.Plan(MatrixLoader.Load(matrix.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All));

        error.ToString().ShouldStartWith("images/templates/plain.Dockerfile.liquid:3:6: the rendered Dockerfile's line 3 copies 'hello.txt', which leads outside images/context/");
    }

    [Fact]
    public void Context_folder_holding_a_link_to_a_host_folder_is_refused()
    {
        matrix.Write("context/scripts/ok.sh", "true\n");
        Directory.CreateSymbolicLink(matrix.PathOf("context/scripts/keys"), secret);
        WithCopy("COPY scripts /scripts");

        OnlyError(() => Planner.Plan(MatrixLoader.Load(matrix.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All)).Message.ShouldContain("leading outside images/context/");
    }

    [Fact]
    public void Copy_that_climbs_out_of_the_context_folder_is_refused()
    {
        Directory.CreateDirectory(matrix.PathOf("context"));
        WithCopy("COPY ../cuda.yaml /cuda.yaml");

        OnlyError(() => Planner.Plan(MatrixLoader.Load(matrix.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All)).Message.ShouldContain("leads outside images/context/");
    }

    [Fact]
    public void Sibling_folder_sharing_the_context_folders_name_as_prefix_is_not_inside_it()
    {
        matrix.Write("context-secret/key", "secret\n");
        Directory.CreateDirectory(matrix.PathOf("context"));
        File.CreateSymbolicLink(matrix.PathOf("context/key"), "../context-secret/key");
        WithCopy("COPY key /key");

        OnlyError(() => Planner.Plan(MatrixLoader.Load(matrix.Directory, SmokeCheckRegistry.Default.Catalogue), Selection.All)).Message.ShouldContain("leads outside images/context/");
    }

    [Fact]
    public void Dot_dot_after_a_link_is_resolved_where_the_link_leads_as_the_kernel_does()
    {
        Directory.CreateDirectory(Path.Combine(secret, "deep"));
        Directory.CreateDirectory(matrix.PathOf("context/sub"));
        Directory.CreateSymbolicLink(matrix.PathOf("context/sub/jump"), Path.Combine(secret, "deep"));

        // Read lexically, context/sub/jump/../../sub stays inside; the kernel goes to host-secret/sub.
        ContainedPath.IsInside(matrix.PathOf("context/sub/jump/../passwd"), matrix.PathOf("context")).ShouldBeFalse();
        ContainedPath.Real(matrix.PathOf("context/sub/jump/../passwd")).ShouldBe(Path.Combine(ContainedPath.Real(secret), "passwd"));
    }

    [Fact]
    public void Copied_context_file_lands_in_the_images_folder_of_artifacts()
    {
        matrix.Write("context/sub/hello.txt", "hello\n");
        WithCopy("COPY sub/../sub/hello.txt /hello.txt");
        var plan = Planner.Plan(MatrixLoader.Load(matrix.Directory, SmokeCheckRegistry.Default.Catalogue), new Selection(["11.8.0"], ["debian12"], ["base"], []));
        var artifacts = Path.Combine(Path.GetDirectoryName(matrix.Directory)!, "artifacts");

        GeneratedImages.Write(artifacts, plan);

        File.ReadAllText(Path.Combine(artifacts, "images", "11.8.0-base-debian12", "sub", "hello.txt")).ShouldBe("hello\n");
    }
}
