// The baseline of the start-up benchmarks (`make bench`): a Swift hello-world process.
print("Hello, world!")
