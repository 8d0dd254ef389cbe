// vector_add: proves that a container can reach a GPU through the CUDA runtime, run a kernel on it and get
// correct results back, and gives a rough memory bandwidth figure. Plain CUDA runtime API (nvcc 11.8 and later).
//
// Exit codes:
//   0  verification passed
//   1  a GPU result differs from the CPU's (the first bad index is printed)
//   2  a CUDA call failed after a GPU was found
//   3  no GPU could be used (no device, no driver, driver too old): the program could not run, not a wrong result
//   4  host or device memory for the vectors could not be allocated
#include <cuda_runtime.h>

#include <cstdio>
#include <cstdlib>

namespace {

const int kElements = 64 * 1024 * 1024;
const int kRepetitions = 10;

void check(cudaError_t result, const char* call, int exitCode) {
    if (result != cudaSuccess) {
        std::fprintf(stderr, "vector_add: %s failed: %s: %s\n", call, cudaGetErrorName(result), cudaGetErrorString(result));
        std::exit(exitCode);
    }
}

#define CHECK(call) check((call), #call, 2)
#define CHECK_ALLOCATION(call) check((call), #call, 4)

__global__ void add(const float* a, const float* b, float* c, int n) {
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        c[i] = a[i] + b[i];
    }
}

}  // namespace

int main() {
    int devices = 0;
    cudaError_t found = cudaGetDeviceCount(&devices);
    if (found != cudaSuccess) {
        std::fprintf(stderr, "vector_add: no GPU: %s: %s\n", cudaGetErrorName(found), cudaGetErrorString(found));
        return 3;
    }
    if (devices == 0) {
        std::fprintf(stderr, "vector_add: no GPU: cudaGetDeviceCount found 0 devices\n");
        return 3;
    }

    CHECK(cudaSetDevice(0));
    cudaDeviceProp properties;
    CHECK(cudaGetDeviceProperties(&properties, 0));
    std::printf("device: %s\n", properties.name);
    std::printf("compute capability: %d.%d\n", properties.major, properties.minor);

    const size_t bytes = static_cast<size_t>(kElements) * sizeof(float);
    float* hostA = static_cast<float*>(std::malloc(bytes));
    float* hostB = static_cast<float*>(std::malloc(bytes));
    float* hostC = static_cast<float*>(std::malloc(bytes));
    if (hostA == NULL || hostB == NULL || hostC == NULL) {
        std::fprintf(stderr, "vector_add: could not allocate %zu bytes of host memory for each of 3 vectors\n", bytes);
        return 4;
    }
    for (int i = 0; i < kElements; ++i) {
        hostA[i] = static_cast<float>(i % 1000) * 0.5f;
        hostB[i] = static_cast<float>(i % 777) * 0.25f;
    }

    float* deviceA = NULL;
    float* deviceB = NULL;
    float* deviceC = NULL;
    CHECK_ALLOCATION(cudaMalloc(&deviceA, bytes));
    CHECK_ALLOCATION(cudaMalloc(&deviceB, bytes));
    CHECK_ALLOCATION(cudaMalloc(&deviceC, bytes));
    CHECK(cudaMemcpy(deviceA, hostA, bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(deviceB, hostB, bytes, cudaMemcpyHostToDevice));
    CHECK(cudaMemset(deviceC, 0, bytes));

    const int threads = 256;
    const int blocks = properties.multiProcessorCount * 32;

    // One untimed launch warms the GPU up; the timed ones measure steady-state bandwidth.
    add<<<blocks, threads>>>(deviceA, deviceB, deviceC, kElements);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());

    cudaEvent_t start;
    cudaEvent_t stop;
    CHECK(cudaEventCreate(&start));
    CHECK(cudaEventCreate(&stop));
    CHECK(cudaEventRecord(start));
    for (int repetition = 0; repetition < kRepetitions; ++repetition) {
        add<<<blocks, threads>>>(deviceA, deviceB, deviceC, kElements);
    }
    CHECK(cudaGetLastError());
    CHECK(cudaEventRecord(stop));
    CHECK(cudaEventSynchronize(stop));
    float milliseconds = 0.0f;
    CHECK(cudaEventElapsedTime(&milliseconds, start, stop));

    CHECK(cudaMemcpy(hostC, deviceC, bytes, cudaMemcpyDeviceToHost));
    for (int i = 0; i < kElements; ++i) {
        const float expected = hostA[i] + hostB[i];
        if (hostC[i] != expected) {
            std::fprintf(stderr, "vector_add: mismatch at index %d: GPU %f, CPU %f\n", i, hostC[i], expected);
            return 1;
        }
    }

    // Each element reads a and b and writes c: 3 vectors of 4-byte floats per repetition.
    const double seconds = milliseconds / 1000.0 / kRepetitions;
    const double gigabytesPerSecond = 3.0 * sizeof(float) * kElements / seconds / 1e9;
    std::printf("bandwidth: %.1f GB/s\n", gigabytesPerSecond);
    std::printf("verification: passed\n");

    CHECK(cudaEventDestroy(start));
    CHECK(cudaEventDestroy(stop));
    CHECK(cudaFree(deviceA));
    CHECK(cudaFree(deviceB));
    CHECK(cudaFree(deviceC));
    std::free(hostA);
    std::free(hostB);
    std::free(hostC);
    return 0;
}
