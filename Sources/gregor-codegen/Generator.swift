import Foundation

/// Runs the whole generation: loads the specs of `apiList` and the headers, writes the files.
struct Generator {
    let specsFolder: URL
    let outputFolder: URL
    let samplesFolder: URL?

    func run() throws {
        var files: [String: String] = [:]
        var sampleFiles: [String: String] = [:]
        var apis: [(entry: APIEntry, request: MessageSpec)] = []
        var sampled: [MessageSpec] = []

        for entry in apiList {
            var request: MessageSpec?
            for suffix in ["Request", "Response"] {
                let name = entry.name + suffix
                let json = try SpecLoader.load(folder: specsFolder, name: name)
                let spec = try SpecResolver.resolve(json: json, fileName: name, floor: entry.floor)
                guard spec.apiKey == entry.key else {
                    throw GeneratorError.invalidSpec("\(name): API key \(spec.apiKey ?? -1), the list says \(entry.key)")
                }
                files["\(name).swift"] = try MessageEmitter(spec: spec).emit()
                sampleFiles["\(name)+CodegenSample.swift"] = try SampleEmitter(spec: spec).emit()
                sampled.append(spec)
                if suffix == "Request" { request = spec }
            }
            if let request { apis.append((entry, request)) }
        }
        for name in headerList {
            let json = try SpecLoader.load(folder: specsFolder, name: name)
            let spec = try SpecResolver.resolve(json: json, fileName: name, floor: nil)
            files["\(name).swift"] = try MessageEmitter(spec: spec).emit()
            sampleFiles["\(name)+CodegenSample.swift"] = try SampleEmitter(spec: spec).emit()
            sampled.append(spec)
        }
        files["KafkaAPI.swift"] = SupportEmitter.apiTable(apis)
        files["GeneratedSupport.swift"] = SupportEmitter.support()
        sampleFiles["CodegenSampleTypes.swift"] = SampleEmitter.registry(sampled.sorted { $0.name < $1.name })

        try write(files, to: outputFolder)
        if let samplesFolder { try write(sampleFiles, to: samplesFolder) }
    }

    /// Writes `files` into `folder`, removing other `.swift` files there so that a dropped API
    /// leaves no stale file behind. Files whose content is unchanged are not touched.
    private func write(_ files: [String: String], to folder: URL) throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            for existing in try manager.contentsOfDirectory(atPath: folder.path)
            where existing.hasSuffix(".swift") && files[existing] == nil {
                try manager.removeItem(at: folder.appendingPathComponent(existing))
            }
            for name in files.keys.sorted() {
                let url = folder.appendingPathComponent(name)
                let data = Data((files[name] ?? "").utf8)
                if let old = try? Data(contentsOf: url), old == data { continue }
                try data.write(to: url)
            }
        } catch {
            throw GeneratorError.io("writing \(folder.path): \(error)")
        }
    }
}
