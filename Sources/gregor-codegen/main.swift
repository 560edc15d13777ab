// Placeholder entry point; the generator is being written.
print("gregor-codegen")
