#!/bin/bash
# starts 3 raftkv nodes on 45021-45023 (client) / 45031-45033 (peer), pids in n$i.pid
W=/tmp/clientbench
CL="n1=127.0.0.1:45031,n2=127.0.0.1:45032,n3=127.0.0.1:45033"
export MALLOC_ARENA_MAX=2
for i in 1 2 3; do
  java -Xms32m -Xmx512m -XX:+UseG1GC -Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1 \
    -jar $W/server.jar server --id n$i --data-dir $W/data-n$i --peer 127.0.0.1:4503$i --client 127.0.0.1:4502$i \
    --cluster $CL --heartbeat-ms 40 --election-timeout-ms 200 </dev/null >>$W/n$i.log 2>&1 &
  echo $! > $W/n$i.pid
done
